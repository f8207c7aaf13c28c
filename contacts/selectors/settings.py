"""The organisation's contact settings and each worker's working hours, as they apply now."""

from django.db.models import QuerySet

from contacts.defaults import ALL_CHANNELS, AVAILABILITY_EN, AVAILABILITY_NL
from contacts.hours import DEFAULT_HOURS, Hours
from contacts.models import ContactSettings, HelpLine, WorkerHours
from jongerenwerk.core.models import Membership, Organisation
from jongerenwerk.core.roles import FIELD_WORKERS


def settings_of(organisation: Organisation) -> ContactSettings:
    """The organisation's settings, or (before its admin or its approval stored any) the
    defaults, unsaved."""
    stored = ContactSettings.objects.filter(organisation=organisation).first()
    if stored is not None:
        return stored
    return ContactSettings(
        organisation=organisation, working_hours=dict(DEFAULT_HOURS), channels=list(ALL_CHANNELS),
        availability_nl=AVAILABILITY_NL, availability_en=AVAILABILITY_EN,
    )


def channels_in_use(organisation: Organisation) -> list[str]:
    return settings_of(organisation).channels or list(ALL_CHANNELS)


def hours_of(membership: Membership) -> Hours:
    """The worker's own hours where the admin set them, else the organisation's."""
    own = WorkerHours.objects.filter(membership=membership).values_list("working_hours", flat=True).first()
    if own is not None:
        return own
    return settings_of(membership.organisation).working_hours or dict(DEFAULT_HOURS)


def field_workers_with_hours(organisation: Organisation) -> list[tuple[Membership, Hours | None]]:
    """The organisation's active field workers, each with their own hours (None: the organisation's)."""
    members = (
        Membership.objects.filter(organisation=organisation, role__in=FIELD_WORKERS, is_active=True)
        .select_related("user", "contact_hours").order_by("user__full_name", "user__email")
    )
    rows = []
    for member in members:
        own = getattr(member, "contact_hours", None)
        rows.append((member, own.working_hours if own is not None else None))
    return rows


def field_worker_of(organisation: Organisation, pk: int) -> Membership | None:
    return (
        Membership.objects.filter(organisation=organisation, role__in=FIELD_WORKERS, pk=pk)
        .select_related("user").first()
    )


def help_lines_of(organisation: Organisation) -> QuerySet[HelpLine]:
    return HelpLine.objects.filter(organisation=organisation)


def emergency_page_of(slug: str) -> ContactSettings | None:
    """The settings behind a public emergency page, if the address belongs to an approved organisation."""
    return (
        ContactSettings.objects.select_related("organisation")
        .filter(emergency_slug=slug, organisation__status=Organisation.Status.APPROVED).first()
    )
