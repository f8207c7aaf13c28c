"""Invented demo contacts for `seed_demo`: a year of 1-on-1 work by the demo team, so that the
dashboards tell a story. Sem works almost only offline (clearly below the online target), Yara
answers many messages in the evening (out of hours), Daan has hours of his own (Tuesday to
Saturday); the others sit around the organisation's targets. One contact led to a signal.

Everything goes through the services: the settings, the young people, the contacts (in bulk,
as an import would) and the signal's link. A rerun adds nothing.
"""

import random
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from contacts.channels import Channel
from contacts.hours import hours_from
from contacts.models import Character, Contact, FormOfWork, InitiatedBy, OfflineMeeting, Topic
from contacts.services import records
from contacts.services.imports import contacts_bulk_create
from contacts.services.settings import contact_settings_ensure, contact_settings_update, worker_hours_set
from jongerenwerk.core import services as core_services
from jongerenwerk.core.models import AgeBand, Membership, Role, User, Youth
from jongerenwerk.core.registry import DemoData
from jongerenwerk.core.reporting import DUTCH_TIME

NAMESPACE = uuid.UUID("3b0c8f2e-52c4-4f0e-9a51-7f8d6a1c2e90")
DAYS = 365

# Invented aliases, in the demo's three neighbourhoods.
YOUTHS = [
    ("vlammetje_op", AgeBand.AGE_12_15, "Oosterpark"), ("bankje.zeven", AgeBand.AGE_16_17, "Oosterpark"),
    ("ritme_rover", AgeBand.AGE_16_17, "Oosterpark"), ("parkpanda", AgeBand.AGE_18_21, "Oosterpark"),
    ("kadekoning", AgeBand.AGE_16_17, "Havenkwartier"), ("meeuw.vlucht", AgeBand.AGE_12_15, "Havenkwartier"),
    ("dijkdromer", AgeBand.AGE_18_21, "Havenkwartier"), ("boei_blauw", AgeBand.AGE_16_17, "Havenkwartier"),
    ("veldvos", AgeBand.AGE_12_15, "De Velden"), ("klaproos.x", AgeBand.AGE_16_17, "De Velden"),
    ("grasspriet22", AgeBand.AGE_18_21, "De Velden"), ("molenwiek", AgeBand.AGE_16_17, "De Velden"),
]
NOTES = [
    "Vroeg naar een bijbaan; volgende week samen vacatures bekijken.",
    "Ruzie thuis besproken; gaat het erover hebben met een tante.",
    "Wil meedoen met de muziekworkshop in het jongerencentrum.",
    "Stress over school; afgesproken na de toets even te appen.",
    "Vroeg wat er mag met een brommer zonder rijbewijs; uitgelegd.",
]
ONLINE = [(Channel.WHATSAPP, 35), (Channel.INSTAGRAM, 25), (Channel.SNAPCHAT, 18), (Channel.TIKTOK, 5),
          (Channel.PHONE, 12), (Channel.VIDEO, 3), (Channel.DISCORD, 2)]
OFFLINE = [(Channel.STREET, 45), (Channel.YOUTH_CENTRE, 35), (Channel.SCHOOL, 12), (Channel.HOME_VISIT, 8)]
SUPPORTIVE = [(Character.SUPPORTIVE, 70), (Character.INFORMATIVE, 30)]
WARNINGS = [(Character.WARNING, 9), (Character.REPRESSIVE, 1)]
# e-mail -> (online share, share of contacts in the evening after hours, contacts per working day)
PROFILES = {
    "jongerenwerker@demo.test": (0.32, 0.05, 2.5),
    "sem@demo.test": (0.07, 0.02, 2.5),
    "yara@demo.test": (0.38, 0.45, 3.0),
    "daan@demo.test": (0.32, 0.05, 2.0),
    "ilias@demo.test": (0.34, 0.06, 2.0),
    "lotte@demo.test": (0.31, 0.04, 2.0),
    "milan@demo.test": (0.33, 0.08, 2.0),
    "esra@demo.test": (0.36, 0.10, 2.0),
    "ruben@demo.test": (0.31, 0.05, 2.0),
    "fleur@demo.test": (0.32, 0.05, 2.0),
}
# The time a 1-on-1 contact takes is what the dashboards count as online hours, so the demo
# organisation plans 1.5 online contact hours a week per worker rather than the default 8.
ONLINE_HOURS_PER_WEEK = Decimal("1.5")
OFFICE = {day: (time(12), time(20)) for day in range(5)}
DAAN = {day: (time(14), time(22)) for day in range(1, 6)}


def _pick(rng: random.Random, weighted):
    return rng.choices([value for value, _ in weighted], weights=[weight for _, weight in weighted])[0]


def demo_contacts_seed(demo: DemoData) -> None:
    organisation = demo.organisation
    if Contact.objects.filter(organisation=organisation).exists():
        return
    admin = User.objects.get(membership__organisation=organisation, membership__role=Role.BEHEERDER)
    # Young people are registered by someone who works with the register: the admin does not.
    officer = User.objects.get(membership__organisation=organisation, membership__role=Role.AANDACHTSFUNCTIONARIS)
    contact_settings_ensure(organisation)
    core_services.organisation_update(organisation=organisation, by=admin, online_hours_per_week=ONLINE_HOURS_PER_WEEK)
    contact_settings_update(organisation=organisation, by=admin, working_hours=hours_from(OFFICE),
                            channels=list(Channel.values))
    members = {m.user.email: m for m in Membership.objects.filter(
        organisation=organisation, role=Role.JONGERENWERKER).select_related("user").prefetch_related("neighbourhoods")}
    if "daan@demo.test" in members:
        worker_hours_set(membership=members["daan@demo.test"], by=admin, working_hours=hours_from(DAAN))
    areas = {n.name: n for n in organisation.neighbourhoods.all()}
    for alias, band, area in YOUTHS:
        if not Youth.objects.filter(organisation=organisation, alias=alias).exists():
            core_services.youth_create(organisation=organisation, alias=alias, age_band=band,
                                       neighbourhood=areas.get(area), by=officer)
    youths_by_area: dict[int, list[Youth]] = {}
    for youth in Youth.objects.filter(organisation=organisation, neighbourhood__isnull=False):
        youths_by_area.setdefault(youth.neighbourhood_id, []).append(youth)
    rng = random.Random(20260314)
    today = timezone.localdate()
    entries = []
    for email, (online_share, evening_share, per_day) in PROFILES.items():
        member = members.get(email)
        if member is None:
            continue
        own_areas = [n.pk for n in member.neighbourhoods.all()]
        pool = [youth for area in own_areas for youth in youths_by_area.get(area, [])]
        workdays = DAAN if email == "daan@demo.test" else OFFICE
        # Shares are dealt out evenly rather than drawn, so every stretch of weeks tells the
        # worker's story (Sem's four weeks are below the online target, the others' are not).
        share = {"online": Spread(online_share), "evening": Spread(evening_share), "warning": Spread(0.08)}
        for offset in range(DAYS, 0, -1):
            day = today - timedelta(days=offset)
            if day.weekday() not in workdays:
                continue
            for number in range(rng.choice([max(0, round(per_day) - 1), round(per_day), round(per_day) + 1])):
                entries.append(_entry(rng, member, day, number, pool, own_areas, areas, workdays[day.weekday()],
                                      share))
    with transaction.atomic():
        contacts_bulk_create(organisation=organisation, entries=entries)
    _contact_with_signal(organisation, members)


class Spread:
    """Yes for a steady share of the calls: 0.3 gives yes three times in every ten, evenly."""

    def __init__(self, share: float) -> None:
        self.share, self.sum = share, 0.5

    def next(self) -> bool:
        self.sum += self.share
        if self.sum >= 1:
            self.sum -= 1
            return True
        return False


def _entry(rng, member, day, number, pool, own_areas, areas, period, share: dict[str, Spread]) -> dict:
    online = share["online"].next()
    channel = _pick(rng, ONLINE if online else OFFLINE)
    if share["evening"].next():
        start = datetime.combine(day, time(20, 30)) + timedelta(minutes=rng.randint(0, 150))
    else:
        opening = datetime.combine(day, period[0])
        span = (datetime.combine(day, period[1]) - opening).seconds // 60 - 60
        start = opening + timedelta(minutes=rng.randint(0, span))
    youth = rng.choice(pool) if pool and rng.random() < 0.75 else None
    meeting = OfflineMeeting.NONE
    if online and rng.random() < 0.12:
        meeting = OfflineMeeting.LED_TO
    elif not online and rng.random() < 0.05:
        meeting = OfflineMeeting.FOLLOWED
    return {
        "member": member, "youth": youth, "channel": channel,
        "started_at": start.replace(tzinfo=DUTCH_TIME),
        "duration_minutes": rng.randint(20, 70) if online else rng.randint(10, 45),
        "initiated_by": InitiatedBy.YOUTH if rng.random() < 0.45 else InitiatedBy.WORKER,
        "character": _pick(rng, WARNINGS) if share["warning"].next() else _pick(rng, SUPPORTIVE),
        "forms_of_work": rng.sample([FormOfWork.GUIDANCE, FormOfWork.INFORMATION, FormOfWork.PRESENCE,
                                     FormOfWork.INFLUENCING, FormOfWork.SIGNALLING], k=rng.choice([1, 1, 2])),
        "topics": rng.sample(Topic.values, k=rng.choice([1, 1, 2])),
        "offline_meeting": meeting, "note": rng.choice(NOTES) if rng.random() < 0.1 else "",
        "age_band": "" if youth is not None else rng.choice([AgeBand.AGE_12_15, AgeBand.AGE_16_17, AgeBand.AGE_18_21]),
        "neighbourhood": areas_of(areas, own_areas),
        "idempotency_key": uuid.uuid5(NAMESPACE, f"{member.user.email}:{day.isoformat()}:{number}"),
    }


def areas_of(areas: dict, own_areas: list[int]):
    return next((area for area in areas.values() if area.pk in own_areas), None)


def _contact_with_signal(organisation, members) -> None:
    """The first demo signal of the demo worker came from a Snapchat conversation with its young person."""
    from signals.models import Signal

    worker = members.get("jongerenwerker@demo.test")
    signal = Signal.objects.filter(organisation=organisation, reporter__email="jongerenwerker@demo.test",
                                   youths__alias="skatejay_010").first()
    if worker is None or signal is None:
        return
    contact, _ = records.contact_create(
        organisation=organisation, worker=worker.user, idempotency_key=uuid.uuid5(NAMESPACE, "signal"),
        youth=signal.youths.first(), channel=Channel.SNAPCHAT, started_at=signal.observed_at - timedelta(minutes=20),
        duration_minutes=15, initiated_by=InitiatedBy.YOUTH, character=Character.WARNING,
        forms_of_work=[FormOfWork.SIGNALLING, FormOfWork.INFLUENCING], topics=[Topic.SAFETY],
        note="Hij stuurde de story door en vroeg wat ik ervan vond; gezegd dat hij er niet heen moet gaan.",
    )
    records.signal_link(contact=contact, signal=signal, by=worker.user)
