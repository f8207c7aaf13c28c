"""The policy reminders, run by core's reminder mechanism (`core.send_reminders`, every 15
minutes). Each is sent once per person and occasion: the keys name the version and the
occasion (and the week while overdue), so a rerun sends nothing twice. None carries content:
the mail says only that something waits, with the link.

Acknowledging the handbook, per member who has not acknowledged the required version:
at publication (when it comes into force, so a scheduled version is announced on its day),
seven days before the due date, on the due date, then once a week while overdue. A run tells
each person only the latest occasion reached, so a late run does not send a pile at once.

Work profiles: when a profile is due for its re-check (the rule's interval since the worker
last confirmed it), once per confirmation.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from jongerenwerk.core.models import Organisation
from jongerenwerk.core.reminders import Occasion, Reminder
from jongerenwerk.core.reporting import start_of
from policy.conformity import add_months
from policy.models import ProfileRule, Version, WorkProfile
from policy.selectors.acknowledgements import (
    ACKNOWLEDGED,
    due_on,
    members_with_acknowledgements,
    status_for,
)
from policy.selectors.handbook import required_of

PUBLISHED, DUE_SOON, DUE, OVERDUE = "published", "due-soon", "due", "overdue"
DUE_SOON_DAYS = 7


def occasion_of(effective_at: datetime, due: date, now: datetime) -> str | None:
    """The latest reminder occasion reached by `now` for someone due on `due`, with the week
    number while overdue ("overdue:2" in the second week after the due date)."""
    if now < effective_at:
        return None
    today = timezone.localdate(now)
    if today > due:
        week = (today - due).days // 7
        return f"{OVERDUE}:{week}" if week >= 1 else DUE
    if now >= start_of(due):
        return DUE
    soon = due - timedelta(days=DUE_SOON_DAYS)
    # Only when the week before the due date starts after the publication day itself.
    if soon > timezone.localdate(effective_at) and now >= start_of(soon):
        return DUE_SOON
    return PUBLISHED


def _pending(now: datetime) -> Iterator[tuple[Version, str, list]]:
    """Per organisation's required version: (version, occasion, users) of those who have not acknowledged it."""
    by_organisation = defaultdict(list)
    in_force = Version.objects.filter(
        effective_at__lte=now, withdrawn_at=None, is_material=True, organisation__status=Organisation.Status.APPROVED
    )
    for version in in_force:
        by_organisation[version.organisation_id].append(version)
    for organisation_id, versions in by_organisation.items():
        required = required_of(sorted(versions, key=lambda v: v.number), now)
        if required is None:
            continue
        groups = defaultdict(list)
        for membership in members_with_acknowledgements(organisation_id):
            due = due_on(required, membership.created_at)
            if status_for(required, membership.acknowledged_number, due, timezone.localdate(now)) == ACKNOWLEDGED:
                continue
            start = max(required.effective_at, membership.created_at)
            occasion = occasion_of(start, due, now)
            if occasion is not None:
                groups[occasion].append(membership.user)
        for occasion, users in groups.items():
            yield required, occasion, users


def _acknowledgement_occasions(stage: str):
    def due(now: datetime) -> Iterator[Occasion]:
        url = reverse("policy:index")
        for version, occasion, users in _pending(now):
            if occasion.split(":")[0] == stage:
                yield Occasion(users=users, key=f"policy:ack:{version.pk}:{occasion}", url=url,
                               params={"number": version.number})

    return due


def profiles_to_recheck(now: datetime) -> Iterator[Occasion]:
    """Profiles whose re-check interval has passed since the worker last confirmed them."""
    months = {(rule.organisation_id, rule.platform): rule.recheck_months for rule in ProfileRule.objects.all()}
    url = reverse("policy:profiles")
    # The shortest interval is a month: younger confirmations need not be looked at.
    candidates = WorkProfile.objects.select_related("owner").filter(
        owner__membership__is_active=True, confirmed_at__lte=now - timedelta(days=28)
    )
    for profile in candidates:
        interval = months.get((profile.organisation_id, profile.platform))
        if interval is None or add_months(profile.confirmed_at, interval) > now:
            continue
        yield Occasion(
            users=[profile.owner], url=f"{url}#profiel-{profile.pk}",
            key=f"policy:profile:{profile.pk}:recheck:{profile.confirmed_at:%Y%m%d%H%M%S}",
            params={"platform": profile.get_platform_display()},
        )


REMINDERS = [
    Reminder(
        name="policy.acknowledge_published", due=_acknowledgement_occasions(PUBLISHED),
        message=gettext_noop("Version %(number)s of the handbook asks you to read it and acknowledge it."),
    ),
    Reminder(
        name="policy.acknowledge_due_soon", due=_acknowledgement_occasions(DUE_SOON),
        message=gettext_noop("Acknowledge version %(number)s of the handbook within a week."),
    ),
    Reminder(
        name="policy.acknowledge_due", due=_acknowledgement_occasions(DUE),
        message=gettext_noop("Today is the last day to acknowledge version %(number)s of the handbook."),
    ),
    Reminder(
        name="policy.acknowledge_overdue", due=_acknowledgement_occasions(OVERDUE),
        message=gettext_noop("Your acknowledgement of version %(number)s of the handbook is overdue."),
    ),
    Reminder(
        name="policy.profile_recheck", due=profiles_to_recheck,
        message=gettext_noop("Check that your work profile on %(platform)s still follows the rules, and confirm it."),
    ),
]
