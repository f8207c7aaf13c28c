"""Interest per province, by e-mail address: double opt-in, unsubscribe in every mail, one
notice when the province's session opens. Only the address, province and an optional
organisation name are stored, and they are deleted when the programme ends (retention)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jongerenwerk.core import outbox
from jongerenwerk.core.models import User
from jongerenwerk.core.reminders import send_once
from trainings.models import Interest, Programme, Session


def interest_register(*, programme: Programme, email: str, province: str, organisation_name: str = "",
                      member: User | None = None) -> Interest:
    """Register interest. A stranger confirms by the link in a mail; a member's own address is
    confirmed already. Registering again changes nothing (and reveals nothing)."""
    email = email.strip().lower()
    with transaction.atomic():
        interest, created = Interest.objects.get_or_create(
            programme=programme, email=email, province=province,
            defaults={"organisation_name": organisation_name,
                      "confirmed_at": timezone.now() if member is not None else None},
        )
        if created and interest.confirmed_at is None:
            outbox.enqueue("trainings.send_interest_confirmation", interest.pk)
    if not created and member is not None and interest.confirmed_at is None:
        # A member's own address needs no link: their click confirms an earlier registration.
        interest = interest_confirm(interest=interest)
    return interest


def interest_confirm(*, interest: Interest) -> Interest:
    Interest.objects.filter(pk=interest.pk, confirmed_at=None).update(confirmed_at=timezone.now())
    interest.refresh_from_db()
    # The province may have opened before the confirmation.
    opened = Session.objects.filter(programme=interest.programme_id, province=interest.province,
                                    cancelled_at=None, starts_at__gt=timezone.now()).first()
    if opened is not None and interest.notified_at is None:
        outbox.enqueue("trainings.send_interest_notice", interest.pk, opened.pk)
    return interest


def interest_unsubscribe(*, interest: Interest) -> None:
    Interest.objects.filter(pk=interest.pk).delete()


def _mail(interest: Interest, template: str, subject: str, **context) -> None:
    site = settings.SITE_URL
    body = render_to_string(template, {
        "interest": interest, "province": interest.get_province_display(),
        "confirm_url": site + reverse("trainings:interest_confirm", args=[interest.token]),
        "unsubscribe_url": site + reverse("trainings:interest_unsubscribe", args=[interest.token]), **context,
    })
    EmailMessage(subject, body, None, [interest.email]).send()


def interest_send_confirmation(*, interest: Interest) -> bool:
    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            _mail(interest, "trainings/email/interest_confirm.txt", _("Confirm your interest in #Awareness"))

    return send_once(Interest.objects.filter(pk=interest.pk), done="confirmation_sent_at",
                     claim="confirmation_claimed_at", send=send)


def interest_send_notice(*, interest: Interest, session: Session) -> bool:
    """The province's session is open: told once, whatever reruns or later sessions follow."""
    if interest.confirmed_at is None:
        return False

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            from trainings.notices import when

            _mail(interest, "trainings/email/interest_notice.txt", _("#Awareness: enrolment is open for your province"),
                  when=when(session), session_url=settings.SITE_URL + reverse("trainings:session", args=[session.pk]))

    return send_once(Interest.objects.filter(pk=interest.pk), done="notified_at", claim="notice_claimed_at", send=send)
