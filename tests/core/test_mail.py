"""Core's EmailMessage builds the same mail as Django's, faster, and refuses what Django's
refuses."""

import email.policy
import re

import pytest
from django.core.mail import EmailMessage as DjangoEmailMessage

from jongerenwerk.core.mail import EmailMessage

CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Één training\r\nEND:VCALENDAR\r\n"


def build(cls, policy, **overrides):
    fields = {"subject": "#Awareness-training: 7 december 2026 19:00", "body": "Hallo,\n\nJe training is over een week.\n",
              "to": ["jongerenwerker@example.test"], "headers": {"Message-ID": "<vast@example.test>",
                                                                  "Date": "Tue, 01 Dec 2026 20:00:00 +0000"}}
    message = cls(fields["subject"], fields["body"], None, fields["to"], headers=fields["headers"])
    for name, value in overrides.items():
        setattr(message, name, value)
    message.attach("training.ics", CALENDAR, "text/calendar")
    return message.message(policy=policy).as_bytes()


def without_boundaries(data: bytes) -> bytes:
    return re.sub(rb"===============\d+==", b"BOUNDARY", data)


@pytest.mark.parametrize("policy", [email.policy.default, email.policy.SMTP], ids=["default", "smtp"])
def test_the_mail_is_byte_for_byte_the_one_django_builds(policy):
    ours, django = build(EmailMessage, policy), build(DjangoEmailMessage, policy)
    assert without_boundaries(ours) == without_boundaries(django)
    assert b"Subject: #Awareness-training: 7 december 2026 19:00" in ours
    assert ours.count(b"\r\n") == django.count(b"\r\n")  # SMTP's line ends are kept


@pytest.mark.parametrize("subject", ["Training\nBcc: iedereen@example.test", "Training\r\nX-Extra: 1"])
def test_a_header_with_a_line_break_is_still_refused(subject):
    for cls in (DjangoEmailMessage, EmailMessage):
        with pytest.raises(ValueError):
            build(cls, email.policy.default, subject=subject)


def test_many_mails_keep_their_own_headers():
    first = EmailMessage("Eerste", "a", None, ["een@example.test"]).message()
    second = EmailMessage("Tweede", "b", None, ["twee@example.test"]).message()
    assert (first["Subject"], first["To"]) == ("Eerste", "een@example.test")
    assert (second["Subject"], second["To"]) == ("Tweede", "twee@example.test")
