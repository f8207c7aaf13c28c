"""The Celery app and, in one place, every periodic task the portal runs."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jongerenwerk.settings")

app = Celery("jongerenwerk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task, with what it is for. Work with a due date is found by these
# sweeps in the database, never by long-delayed tasks, so a rerun sends nothing twice.
BEAT_SCHEDULE = {
    "publish-waiting-outbox-messages": {
        # Hands the broker every task that was stored while it was unreachable.
        "task": "core.sweep_outbox",
        "schedule": 30.0,
    },
    "expire-old-invitations": {
        # Marks invitations past their expiry date as expired, so they can no longer be used.
        "task": "core.expire_invitations",
        "schedule": crontab(minute=5),
    },
    "send-reminders": {
        # Every app's registered reminders (signals: consultations waiting over 48 hours,
        # protocol deadlines passed, overdue follow-ups), each sent once per person and
        # occasion; then the mails that failed beyond their retries are tried again.
        "task": "core.send_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "apply-retention": {
        # Every night, every app's retention rule: records older than the organisation's
        # retention period are anonymised (signals: closed ones lose their texts and young
        # people; then young people without activity lose their alias and notes). Records under
        # a legal hold are kept as they are.
        "task": "core.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "detect-trend-rises": {
        # Every morning: flags last week's rises per category and neighbourhood for the trends
        # board and tells the safeguarding officer. Daily, not only on Mondays, because signals
        # are often logged days after they were seen; a rerun stores and tells nothing twice.
        "task": "signals.detect_rises",
        "schedule": crontab(hour=6, minute=0),
    },
    "expire-training-offers": {
        # A waiting-list offer not accepted within its hours releases the seat to the next
        # person waiting.
        "task": "trainings.expire_offers",
        "schedule": crontab(minute="*/15"),
    },
    "forget-training-interest": {
        # Interest registrations (e-mail addresses) are deleted once their programme has ended.
        "task": "trainings.forget_interest",
        "schedule": crontab(hour=3, minute=45),
    },
    "weekly-team-reports": {
        # Monday 07:00 Dutch time: last week's team report for each manager (PDF and XLSX).
        "task": "reports.weekly",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
    "monthly-organisation-reports": {
        # The 1st of the month, 07:00: last month's organisation report for managers and admins.
        "task": "reports.monthly",
        "schedule": crontab(hour=7, minute=0, day_of_month=1),
    },
    "quarterly-funder-reports": {
        # The 1st of January, April, July and October, 07:30: last quarter's figures per
        # neighbourhood for funders and the municipality, with small counts suppressed.
        "task": "reports.quarterly",
        "schedule": crontab(hour=7, minute=30, day_of_month=1, month_of_year="1,4,7,10"),
    },
    "sweep-reports": {
        # Makes again a report whose worker died while making it, or that failed.
        "task": "reports.sweep",
        "schedule": crontab(minute="*/10"),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
