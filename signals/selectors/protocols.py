"""How a category's protocol reads, for the signal page, the category list and the handbook."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from jongerenwerk.core.models import Membership
from jongerenwerk.core.roles import ADMINISTRATORS, Role
from signals.models import HANDLING_STEPS, Category, Severity, Signal, Step

# Short names of the handling steps, narrow enough for a grid on a phone.
STEP_SHORT = {
    Step.CONSULTATION: gettext_lazy("consultation"),
    Step.CONVERSATION: gettext_lazy("conversation"),
    Step.WEIGHING: gettext_lazy("weighing"),
    Step.DECISION: gettext_lazy("decision"),
}


@dataclass(frozen=True)
class StepAhead:
    label: str
    hours: int | None  # how long the step may take once reached


@dataclass(frozen=True)
class InformRule:
    role: str
    hours: int  # 0: immediately
    due_at: datetime | None = None


def inform_rules(category: Category, since: datetime | None = None) -> list[InformRule]:
    return [
        InformRule(
            role=Role(rule["role"]).label,
            hours=rule["hours"],
            due_at=since + timedelta(hours=rule["hours"]) if since else None,
        )
        for rule in category.inform
    ]


def protocol_rows(category: Category) -> list[tuple[str, list[str]]]:
    """Per severity, the short names of the steps its protocol asks for."""
    return [(label, [STEP_SHORT[s] for s in category.steps_for(severity)]) for severity, label in Severity.choices]


def steps_ahead(signal: Signal) -> list[StepAhead]:
    """The steps the protocol still asks for after the signal's current one."""
    if signal.is_closed:
        return []
    current = HANDLING_STEPS.index(signal.step)
    category = signal.category
    return [
        StepAhead(label=Step(step).label, hours=category.step_deadline_hours.get(step))
        for step in category.steps_for(signal.severity)
        if HANDLING_STEPS.index(step) > current
    ]


def categories_managed_by(membership: Membership) -> QuerySet[Category]:
    """Every category of the admin's organisation, in use or not, in the order of the logging form."""
    if membership.role not in ADMINISTRATORS:
        return Category.objects.none()
    return Category.objects.filter(organisation=membership.organisation)
