"""Script planted in every free-text field of every model never runs, on any page.

The data of a whole organisation is built, then every text field of every row of every model
of the portal's own apps is overwritten with markup that would run if it were rendered
unescaped. Each persona then walks every page it can reach by following links from its home,
in a real Chromium, and no page may run the payload or contain the element it would create.
New apps and pages are covered by themselves: their models are planted and their pages are
reached through their links.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Notification, OutboxMessage
from signals.models import Attachment, Share, Signal, Step
from signals.services import actions, handling, intake, shares, trends
from tests.factories import TeamFactory, YouthFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Fields that are not free text a person types: they name things the code looks up.
NOT_FREE_TEXT = {"email", "token", "key", "url", "password", "content_type", "idempotency_key", "message",
                 "reminder", "task_name", "language", "last_error", "actor_label", "target_type", "target_id",
                 "target_label", "slug"}
SKIPPED_MODELS = {AuditEvent, OutboxMessage, Notification, Attachment}
# Links a crawl must not follow: signing out, downloads, the admin.
NOT_FOLLOWED = re.compile(r"^/(accounts/logout|beheer/|static/|i18n/)|\.csv$|/bijlagen/\d+/|/export")
PAGES_PER_PERSONA = 60
UNESCAPED = re.compile(r"<(svg|b)\b[^>]*__xss")


def _payload(row_id: int, width: int) -> str | None:
    payload = f"<svg/onload=__xss({row_id})>"
    if width >= len(payload):
        return payload
    short = f"<b onclick=__xss({row_id})>"
    return short if width >= len(short) else None


def plant_everywhere() -> int:
    """Overwrite every free-text field of every row of the project's apps; returns how many."""
    planted = 0
    base = Path(settings.BASE_DIR)
    for model in apps.get_models():
        config = apps.get_app_config(model._meta.app_label)
        if model in SKIPPED_MODELS or not Path(config.path).is_relative_to(base) or ".venv" in Path(config.path).parts:
            continue
        fields = [
            field for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
            and field.name not in NOT_FREE_TEXT and not field.primary_key
        ]
        for row_id in model.objects.values_list("pk", flat=True):
            values = {}
            for field in fields:
                payload = _payload(row_id, field.max_length or 10_000)
                if payload:
                    values[field.name] = payload
            if values:
                model.objects.filter(pk=row_id).update(**values)
                planted += len(values)
    return planted


@pytest.fixture
def planted_organisation(organisation, worker, colleague, safeguarding_officer, manager, admin_member, log_signal,
                         wijk_a) -> int:
    team = TeamFactory(organisation=organisation)
    team.neighbourhoods.set([wijk_a])
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, notes="notitie")
    signal = log_signal(worker, youths=[youth], interpretation="uitleg", counter_signals="tegen",
                        group_description="groep")
    intake.addendum_add(signal=signal, author=worker, text="aanvulling")
    handling.consultation_add(signal=signal, author=colleague, weighing="weging")
    trend = trends.trend_create(organisation=organisation, name="trend", interpretation="duiding", approach="aanpak",
                                by=worker)
    trends.signal_trend_set(signal=signal, trend=trend, by=worker)
    actions.action_add(signal=signal, by=worker, description="actie", owner=worker,
                       due_on=timezone.localdate())
    decided = log_signal(worker, severity="laag")
    Signal.objects.filter(pk=decided.pk).update(step=Step.DECISION, outcome="hulp", q1_suspicion=True,
                                                q2_acute_or_structural=False)
    decided.refresh_from_db()
    shares.share_record(signal=decided, by=safeguarding_officer, recipient=Share.Recipient.SCHOOL,
                        recipient_name="school", legal_basis="toestemming_jongere", fields=["category", "facts"])
    return plant_everywhere()


def crawl(page, start: str = "/") -> Iterator[str]:
    """Every same-site page reachable by links from `start`, each visited once."""
    queue, seen = [start], set()
    while queue and len(seen) < PAGES_PER_PERSONA:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        yield path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            href = href.split("#", 1)[0]
            if href.startswith("/") and not NOT_FOLLOWED.search(href) and href not in seen:
                queue.append(href)


@pytest.mark.parametrize("persona", ["worker", "safeguarding_officer", "manager", "admin_member"])
def test_no_planted_script_runs_on_any_page_a_persona_reaches(persona, planted_organisation, personas, desktop_page,
                                                              sign_in):
    assert planted_organisation > 30
    user = personas.get(persona)
    page = desktop_page
    page.add_init_script("window.__xss = (id) => { (window.__ran = window.__ran || []).push(id); };")
    sign_in(page, user)
    visited = []
    for path in crawl(page):
        visited.append(path)
        ran = page.evaluate("window.__ran || []")
        created = page.evaluate(
            "document.querySelectorAll('[onload*=__xss],[onclick*=__xss],[onerror*=__xss]').length"
        )
        assert ran == [] and created == 0, f"{persona} on {path}: ran {ran}, {created} elements"
        # Wherever the payload is shown, it is text: escaped, never an element.
        assert not UNESCAPED.search(page.content()), f"{persona} on {path}"
    assert len(visited) >= 5, visited
