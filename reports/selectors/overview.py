"""The manager's overview: every panel the reader may see, with its figures; an expected part
whose app has not registered yet shows as "not yet available"."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from jongerenwerk.core.models import User
from jongerenwerk.core.registry import Figure, registry
from jongerenwerk.core.roles import Role
from jongerenwerk.core.scope import membership_of
from reports.selectors.content import EXPECTED_PARTS

# Expected parts for the manager only: the safeguarding officer's overview is the signals' part.
PLACEHOLDER_AUDIENCE = frozenset({Role.LEIDINGGEVENDE})
PLACEHOLDER_ORDER = {"trainings": 30}


@dataclass
class Panel:
    key: str
    title: object
    available: bool
    figures: list[Figure] = field(default_factory=list)


def overview_of(user: User, *, now: datetime | None = None) -> list[Panel]:
    now = now or timezone.now()
    membership = membership_of(user)
    panels = [(p.order, Panel(p.key, p.title, True, p.figures(membership.organisation, now)))
              for p in registry.overview_panels_for(user)]
    if membership.role in PLACEHOLDER_AUDIENCE:
        panels += [(PLACEHOLDER_ORDER.get(key, 90), Panel(key, title, False))
                   for key, title in EXPECTED_PARTS.items() if key not in registry.overview_panels]
    return [panel for _order, panel in sorted(panels, key=lambda entry: (entry[0], entry[1].key))]
