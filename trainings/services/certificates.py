"""Certificates: issued at check-in, rendered to PDF by WeasyPrint, verifiable by their code."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.reporting import DUTCH_TIME
from trainings import notices
from trainings.models import Certificate, Enrolment


def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    """The attended person's certificate (made once) and its mail, with the PDF attached."""
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    session = enrolment.session
    with transaction.atomic():
        certificate = Certificate.objects.create(
            enrolment=enrolment, name=enrolment.user.get_full_name(), programme_name=session.programme.name,
            session_date=timezone.localtime(session.starts_at, DUTCH_TIME).date(),
        )
        notices.tell(enrolment, "certificate")
    return certificate


def certificate_withdraw(*, enrolment: Enrolment) -> None:
    """A check-in undone by mistake: the certificate goes, unless it has already been mailed."""
    Certificate.objects.filter(enrolment=enrolment, emailed_at=None).delete()


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML

    verify_url = settings.SITE_URL + reverse("trainings:verify", args=[certificate.code])
    html = render_to_string("trainings/certificate.html", {"certificate": certificate, "verify_url": verify_url})
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()
