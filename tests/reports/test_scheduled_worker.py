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
        link = reverse("reports:detail", args=[Report.objects.get().pk])
        wait_for(lambda: any(link in message.body for message in mail.outbox), timeout=30, what="the mail")
        time.sleep(3)  # beat fires a few more times: nothing is made twice
    report = Report.objects.get()
    assert report.kind == Kind.WEEKLY and Report.objects.count() == 1
    assert len(files_on_disk()) == 2
    assert "Vastgelegde signalen" in pdf_text(report)
    link = reverse("reports:detail", args=[report.pk])
    # (Logging the week's signals told the safeguarding officer too; those mails are not ours.)
    ready = [message for message in mail.outbox if link in message.body]
    assert [message.to for message in ready] == [[manager.email]]
    for figure in ("Signalen", "Contactmomenten", "67%", "Wijk"):
        assert figure not in ready[0].body
