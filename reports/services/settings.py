from django.db import transaction

from jongerenwerk.core import audit
from jongerenwerk.core.models import Organisation, User
from reports.models import ReportSettings


@transaction.atomic
def report_settings_update(*, organisation: Organisation, by: User, nudges: bool, retention_months: int) -> bool:
    """Store the organisation's report settings; returns whether anything changed."""
    current, _created = ReportSettings.objects.get_or_create(organisation=organisation)
    if (current.nudges, current.retention_months) == (nudges, retention_months):
        return False
    current.nudges, current.retention_months = nudges, retention_months
    current.save(update_fields=["nudges", "retention_months"])
    audit.record(by, "update", current, nudges=nudges, retention_months=retention_months)
    return True
