"""Rises flagged by the periodic task, and the working group's named trends.

How a rise is judged is a rule of its own (`signals.rules`, rises): a complete week is
compared with the eight weeks before it, per category, in the whole organisation and in
each neighbourhood.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Organisation, Role, User
from jongerenwerk.core.reminders import notify
from jongerenwerk.core.reporting import week_of, weeks_up_to
from jongerenwerk.core.selectors import members_with_role
from signals.models import Signal, Trend, TrendRise
from signals.rules import BASELINE_WEEKS, baseline_of, is_rise
from signals.selectors.trends import weekly_counts


def rises_detect(*, week_start: date | None = None, now: datetime | None = None) -> list[TrendRise]:
    """Flag the rises of one complete week, by default the last, in every organisation; returns
    the new ones. Each new rise is told once to the organisation's safeguarding officers. A
    rerun stores and sends nothing twice."""
    week = week_of(week_start) if week_start else week_of(now or timezone.now()) - timedelta(weeks=1)
    weeks = weeks_up_to(week, BASELINE_WEEKS + 1)
    by_neighbourhood = weekly_counts(Signal.objects.all(), weeks, by=("organisation", "category", "neighbourhood"))
    series: dict[tuple, list[int]] = {}
    for (organisation_id, category_id, neighbourhood_id), counts in by_neighbourhood.items():
        if neighbourhood_id is not None:
            series[organisation_id, category_id, neighbourhood_id] = counts
        # The organisation-wide series includes the signals without a neighbourhood.
        whole = series.get((organisation_id, category_id, None), [0] * len(weeks))
        series[organisation_id, category_id, None] = [a + b for a, b in zip(whole, counts, strict=True)]

    new = []
    for (organisation_id, category_id, neighbourhood_id), counts in series.items():
        *previous, count = counts
        if not is_rise(count, previous):
            continue
        with transaction.atomic():
            rise, created = TrendRise.objects.get_or_create(
                organisation_id=organisation_id, category_id=category_id, neighbourhood_id=neighbourhood_id,
                week_start=week, defaults={"count": count, "baseline": baseline_of(previous)},
            )
            if created:
                _tell_officers(rise)
                new.append(rise)
    return new


def _tell_officers(rise: TrendRise) -> None:
    url = reverse("signals:trends")
    if rise.neighbourhood_id:
        url += f"?neighbourhood={rise.neighbourhood_id}"
    notify(
        users=[m.user for m in members_with_role(rise.organisation, Role.AANDACHTSFUNCTIONARIS)],
        message=gettext_noop("A clear rise in signals was flagged on the trends board."),
        url=url, key=f"trend-rise:{rise.pk}",
    )


def _check_name(organisation: Organisation, name: str, trend: Trend | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the trend a name.")})
    others = Trend.objects.filter(organisation=organisation, name__iexact=name)
    if trend is not None:
        others = others.exclude(pk=trend.pk)
    if others.exists():
        raise ValidationError({"name": _("Your organisation already has a trend with this name.")})
    return name


def trend_create(*, organisation: Organisation, name: str, interpretation: str, approach: str, by: User) -> Trend:
    name = _check_name(organisation, name)
    with transaction.atomic():
        trend = Trend.objects.create(
            organisation=organisation, name=name, interpretation=interpretation.strip(), approach=approach.strip(),
            created_by=by,
        )
        audit.record(by, AuditEvent.Action.CREATE, trend)
    return trend


def trend_update(*, trend: Trend, name: str, interpretation: str, approach: str, by: User) -> Trend:
    name = _check_name(trend.organisation, name, trend)
    with transaction.atomic():
        trend.name, trend.interpretation, trend.approach = name, interpretation.strip(), approach.strip()
        trend.save(update_fields=["name", "interpretation", "approach"])
        audit.record(by, AuditEvent.Action.UPDATE, trend)
    return trend


def signal_trend_set(*, signal: Signal, trend: Trend | None, by: User) -> Signal:
    """Group a signal into a trend of its organisation, or (with None) take it out again."""
    if trend is not None and trend.organisation_id != signal.organisation_id:
        raise ValidationError({"trend": _("Choose a trend of your organisation.")})
    if signal.trend_id == (trend.pk if trend else None):
        return signal
    with transaction.atomic():
        # Not a step: the version stays, so nobody's open step form goes stale over this.
        signal.trend = trend
        signal.save(update_fields=["trend"])
        audit.record(by, AuditEvent.Action.UPDATE, signal, trend=trend.pk if trend else None)
    return signal
