"""The access matrix: which persona gets which status on which page.

Every app declares its pages as `Page` rows and runs them through `check_access`, so a
new page joins the matrix by adding a row. Statuses: 200 (or 302 after a write) for
those who may, 302 to the login page for anonymous people, 403 for members whose role
may not, 404 for anyone outside the record's organisation or team.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "worker",
    "other_team_worker",
    "safeguarding_officer",
    "manager",
    "admin_member",
    "trainer",
    "outsider",
    "outsider_admin",
)


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[dict], str]
    expected: dict[str, int]
    method: str = "get"
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expected)
        assert not missing, f"{self.name}: no expectation for {sorted(missing)}"


def expect(default: int, **overrides: int) -> dict[str, int]:
    """An expectation row: anonymous people go to the login page, the rest get `default`."""
    row = {persona: default for persona in PERSONAS}
    row["anonymous"] = 302
    row.update(overrides)
    return row


def check_access(page: Page, persona: str, client, objects: dict) -> None:
    url = page.url(objects)
    response = getattr(client, page.method)(url, page.data)
    expected = page.expected[persona]
    assert response.status_code == expected, f"{page.name} as {persona}: {response.status_code} != {expected}"
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
