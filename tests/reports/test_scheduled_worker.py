"""The scheduled weekly report with beat and a real worker: made once for the period however
often beat fires, and the mail says only that a report is ready, with the link."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from jongerenwerk.celery import BEAT_SCHEDULE, app
from reports.models import Kind, Report
from tests.celery_helpers import private_broker_folders, running_beat, running_worker, wait_for
from tests.reports.helpers import files_on_disk, pdf_text
from tests.reports.test_making import last_week_data  # noqa: F401 - the fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path):
    with private_broker_folders(tmp_path / "broker"):
        yield app.conf.broker_url


def test_beat_and_a_real_worker_make_the_weekly_report_once_and_mail_without_content(
    broker, last_week_data, organisation, manager, worker, tmp_path  # noqa: F811
):
    entry = BEAT_SCHEDULE["weekly-team-reports"]
    assert entry["schedule"].hour == {7} and entry["schedule"].day_of_week == {1}
    # The declared entry, fired every second instead of on Monday at 07:00.
    with running_worker(), running_beat({"weekly": {**entry, "schedule": 1.0}}, tmp_path / "beat"):
        wait_for(lambda: Report.objects.filter(state=Report.State.READY).exists(), timeout=60, what="the report")
        wait_for(lambda: len(mail.outbox) >= 1, timeout=30, what="the mail")
        time.sleep(3)  # beat fires a few more times: nothing is made twice
    report = Report.objects.get()
    assert report.kind == Kind.WEEKLY and Report.objects.count() == 1
    assert len(files_on_disk()) == 2
    assert "Vastgelegde signalen" in pdf_text(report)
    assert [message.to for message in mail.outbox] == [[manager.email]]
    body = mail.outbox[0].body
    assert reverse("reports:detail", args=[report.pk]) in body
    for figure in ("Signalen", "Contactmomenten", "67%", "Wijk"):
        assert figure not in body
