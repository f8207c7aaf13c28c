"""The trainings' mails, through core's reminder mechanism.

Every mail is a core notification with a key naming the person's occasion, so each is sent at
most once per person and occasion, retried until it goes, and written in the recipient's
language. The reminders are declared to carry content: a training mail may name the session,
its time and its meeting link (never anything else about the person), and it carries the
calendar invite.

Occasions that a change causes (enrolled, waiting, offer, changed, cancelled, certificate) are
told by the services through `tell`; the reminders a week and a day before the session are
found by core's periodic sweep (`due`).
"""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core.models import Notification
from jongerenwerk.core.reminders import Mail, Occasion, Reminder, notify
from jongerenwerk.core.reporting import DUTCH_TIME
from trainings.models import Enrolment, Session

WEEK, DAY = "week", "day"

MESSAGES = {
    "enrolled": gettext_noop("You are enrolled in the training session of %(date)s."),
    "waiting": gettext_noop("You are on the waiting list for the training session of %(date)s."),
    "offer": gettext_noop("A seat is free for you in the training session of %(date)s; accept it in time."),
    "changed": gettext_noop("The training session of %(date)s has changed."),
    "cancelled": gettext_noop("Your enrolment in the training session of %(date)s is cancelled."),
    "certificate": gettext_noop("Your certificate for the training session of %(date)s is ready."),
    WEEK: gettext_noop("Your training session is in a week: %(date)s."),
    DAY: gettext_noop("Your training session is tomorrow: %(date)s."),
}


def when(session: Session) -> str:
    return date_format(timezone.localtime(session.starts_at, DUTCH_TIME), "j F Y H:i")


def _key(enrolment: Enrolment, occasion: str) -> str:
    if occasion == "changed":
        return f"trainings:changed:{enrolment.pk}:{enrolment.sequence}"
    return f"trainings:{occasion}:{enrolment.pk}"


def tell(enrolment: Enrolment, occasion: str) -> None:
    """Tell the enrolled person about `occasion`, once (inside the caller's transaction)."""
    if enrolment.user_id is None:
        return
    url = reverse("trainings:offer", args=[enrolment.pk]) if occasion == "offer" else reverse("trainings:mine")
    notify(users=[enrolment.user], message=MESSAGES[occasion], url=url, key=_key(enrolment, occasion),
           params={"date": when(enrolment.session), "enrolment": enrolment.pk}, reminder=f"trainings.{occasion}")


def _before(days: int, name: str):
    """The sessions starting within `days` (and after the next shorter reminder): one occasion
    per session, for those enrolled before that window opened."""

    def due(now: datetime) -> Iterator[Occasion]:
        later = now + timedelta(days=days)
        earlier = now + timedelta(days=1) if name == WEEK else now
        sessions = Session.objects.filter(starts_at__gt=earlier, starts_at__lte=later, cancelled_at=None)
        for session in sessions.select_related("programme"):
            seated = Enrolment.objects.filter(session=session, status=Enrolment.Status.ENROLLED).select_related("user")
            if name == WEEK:
                # Someone who enrolled inside the last week already had the enrolment mail.
                seated = seated.filter(created_at__lte=session.starts_at - timedelta(days=days))
            users = [enrolment.user for enrolment in seated if enrolment.user_id]
            if users:
                yield Occasion(users=users, key=f"trainings:{name}:{session.pk}", url=reverse("trainings:mine"),
                               params={"date": when(session), "session": session.pk})

    return due


def _nothing(now: datetime) -> list:
    return []


def _enrolment_of(notification: Notification) -> Enrolment | None:
    if hasattr(notification, "_enrolment"):  # fetched with its batch (`prepare`)
        return notification._enrolment
    params = notification.params
    enrolments = Enrolment.objects.select_related("session__programme", "user")
    if "enrolment" in params:
        return enrolments.filter(pk=params["enrolment"]).first()
    return enrolments.filter(session=params.get("session"), user=notification.user_id).first()


def prepare(notifications: list[Notification]) -> None:
    """The enrolments of a batch of mails in one query (two when both kinds of key are in it)."""
    by_pk = [n.params["enrolment"] for n in notifications if "enrolment" in n.params]
    by_session = [n for n in notifications if "enrolment" not in n.params]
    enrolments = Enrolment.objects.select_related("session__programme", "user").order_by("pk")
    found = {enrolment.pk: enrolment for enrolment in enrolments.filter(pk__in=by_pk)} if by_pk else {}
    seated: dict[tuple, Enrolment] = {}
    if by_session:
        for enrolment in enrolments.filter(session__in={n.params.get("session") for n in by_session},
                                           user__in={n.user_id for n in by_session}):
            seated.setdefault((enrolment.session_id, enrolment.user_id), enrolment)
    for notification in notifications:
        if "enrolment" in notification.params:
            notification._enrolment = found.get(notification.params["enrolment"])
        else:
            notification._enrolment = seated.get((notification.params.get("session"), notification.user_id))


def compose(notification: Notification) -> Mail:
    """The mail: what happened, the session's time and (for those with a seat) its meeting
    link, a link to the portal, and the calendar invite."""
    from trainings import calendar

    enrolment = _enrolment_of(notification)
    occasion = notification.reminder.removeprefix("trainings.")
    session = enrolment.session if enrolment else None
    seated = enrolment is not None and enrolment.status in (Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
    context = {
        "message": notification.text,
        "when": when(session) if session else "",
        "programme": session.programme.name if session else "",
        "meeting_url": session.meeting_url if seated and session.cancelled_at is None else "",
        "link": settings.SITE_URL + notification.url,
        "expires": date_format(timezone.localtime(enrolment.offer_expires_at, DUTCH_TIME), "j F Y H:i")
        if enrolment is not None and enrolment.offer_expires_at else "",
    }
    body = render_to_string("trainings/email/notice.txt", context)
    attachments = []
    if enrolment is not None and occasion in ("enrolled", "changed", "cancelled", WEEK, DAY):
        attachments.append(("training.ics", calendar.invite(enrolment), "text/calendar"))
    if enrolment is not None and occasion == "certificate" and hasattr(enrolment, "certificate"):
        from trainings.services.certificates import certificate_pdf

        attachments.append(("certificaat.pdf", certificate_pdf(enrolment.certificate), "application/pdf"))
    subject = _("#Awareness training: %(date)s") % {"date": context["when"]}
    return Mail(subject=subject, body=body, attachments=attachments)


def reminders() -> list[Reminder]:
    told = [Reminder(name=f"trainings.{occasion}", message=MESSAGES[occasion], due=_nothing, carries_content=True,
                     compose=compose, prepare=prepare) for occasion in ("enrolled", "waiting", "offer", "changed", "cancelled",
                                                       "certificate")]
    return told + [
        Reminder(name=f"trainings.{WEEK}", message=MESSAGES[WEEK], due=_before(7, WEEK), carries_content=True,
                 compose=compose, prepare=prepare),
        Reminder(name=f"trainings.{DAY}", message=MESSAGES[DAY], due=_before(1, DAY), carries_content=True,
                 compose=compose, prepare=prepare),
    ]
