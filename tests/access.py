"""The access matrix: which persona gets which status on which page.

Every app lists its pages as `Page` rows and turns them into tests with `matrix_tests`:

    test_access, test_wrong_method, test_repeated_write = matrix_tests(PAGES)

which checks, for every page, each persona's status (200, or 302 after a write, for those who
may; 302 to the login page for anonymous people; 403 for members whose role may not; 404 for
anyone outside the record's organisation or team), that the wrong HTTP method gets 405, and
that a write sent twice changes nothing the second time. The module needs an `objects`
fixture with the records its pages point at. Every row is also kept in `ALL_PAGES`, so the
security suite can check that every URL of the portal has a row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.urls import reverse

from jongerenwerk.core.models import AuditEvent, OutboxMessage

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
# Personas of another organisation: they never see a record of ours.
OUTSIDERS = ("outsider", "outsider_admin")


@dataclass(frozen=True)
class Page:
    name: str
    # The URL's name ("signals:index"), or its name and a function that gives its arguments
    # from the module's objects: ("signals:detail", lambda o: [o["signal"].pk]).
    route: str | tuple[str, Callable[[dict], list]]
    expected: dict[str, int]
    method: str = "get"
    data: dict | Callable[[dict], dict] = field(default_factory=dict)
    # A record of the national training programme: every organisation's members see it.
    national: bool = False

    @property
    def url_name(self) -> str:
        return self.route if isinstance(self.route, str) else self.route[0]

    @property
    def args(self) -> Callable[[dict], list] | None:
        return None if isinstance(self.route, str) else self.route[1]

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expected)
        assert not missing, f"{self.name}: no expectation for {sorted(missing)}"
        if self.args is not None and self.expected["anonymous"] != 200 and not self.national:
            # A page about one record is never open to another organisation (public pages,
            # which anyone may open, excepted).
            leaks = {persona: self.expected[persona] for persona in OUTSIDERS if self.expected[persona] < 400}
            assert not leaks, f"{self.name}: a record of ours would answer {leaks}"

    def url(self, objects: dict) -> str:
        return reverse(self.url_name, args=self.args(objects) if self.args else [])

    def payload(self, objects: dict) -> dict:
        return self.data(objects) if callable(self.data) else self.data


ALL_PAGES: list[Page] = []


def expect(default: int, **overrides: int) -> dict[str, int]:
    """An expectation row: anonymous people go to the login page, the rest get `default`."""
    row = {persona: default for persona in PERSONAS}
    row["anonymous"] = 302
    row.update(overrides)
    return row


def check_access(page: Page, persona: str, client, objects: dict) -> None:
    response = getattr(client, page.method)(page.url(objects), page.payload(objects))
    expected = page.expected[persona]
    assert response.status_code == expected, f"{page.name} as {persona}: {response.status_code} != {expected}"
    if persona == "anonymous" and expected == 302:
        assert response["Location"].startswith("/accounts/login/"), response["Location"]


def _first_allowed(page: Page, statuses: tuple[int, ...]) -> str | None:
    return next((p for p in PERSONAS if p != "anonymous" and page.expected[p] in statuses), None)


def _state() -> dict[str, list]:
    """Every row of every model, except the audit trail, sessions and the outbox, which a
    refused repeat may touch without changing anything a person sees."""
    skip = {AuditEvent, OutboxMessage, Session}
    return {
        model._meta.label: sorted(map(repr, model.objects.values()))
        for model in apps.get_models()
        if model not in skip and not model._meta.proxy
    }


def matrix_tests(pages: list[Page]):
    """The tests of a module's pages; assign them to names starting with `test_`."""
    ALL_PAGES.extend(pages)
    ids = [page.name for page in pages]
    writes = [page for page in pages if page.method == "post" and _first_allowed(page, (302,))]

    readable = {page.url_name for page in pages if page.method == "get"}

    # (The parameter is `row`: pytest-playwright owns the fixture name `page`.)
    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("row", pages, ids=ids)
    def test_access_matrix(row, persona, personas, objects, client_for):
        check_access(row, persona, client_for(personas.get(persona)), objects)

    @pytest.mark.parametrize("row", pages, ids=ids)
    def test_the_wrong_method_is_refused(row, personas, objects, client_for):
        persona = _first_allowed(row, (200, 302, 422))
        if persona is None:
            pytest.fail(f"{row.name}: nobody may use this page")
        client = client_for(personas.get(persona))
        # A page that only takes writes refuses a GET; a form page (GET and POST) refuses a PUT.
        only_writes = row.method == "post" and row.url_name not in readable
        response = client.get(row.url(objects)) if only_writes else client.put(row.url(objects))
        assert response.status_code == 405, f"{row.name}: {response.status_code}"

    @pytest.mark.parametrize("row", writes, ids=[p.name for p in writes])
    def test_a_repeated_write_changes_nothing(row, personas, objects, client_for):
        client = client_for(personas.get(_first_allowed(row, (302,))))
        url = row.url(objects)
        assert client.post(url, row.payload(objects)).status_code == 302
        before = _state()
        response = client.post(url, row.payload(objects))
        assert response.status_code < 500
        assert _state() == before, f"{row.name}: the second request changed the data"

    # A module without writes gets no repeated-write test (None is not collected).
    return test_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing if writes else None
