"""Invented demo signals for `seed_demo`: a few weeks of work in one organisation, at every step,
and half a year of earlier work with last week's rise of a harmful trend.

Every signal goes through the same services as on the pages, so the demo shows real states.
The idempotency keys are derived from the demo's own numbering, so a rerun adds nothing.
"""

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from jongerenwerk.core.models import Neighbourhood, Organisation, Role, User
from jongerenwerk.core.reporting import start_of, week_of
from signals import rules
from signals.models import Category, Outcome, Share, Signal
from signals.services import actions, handling, intake, shares, trends

NAMESPACE = uuid.UUID("6f1d3c52-1b2a-4a77-9d0e-5c2f7a1e9b40")

# (days ago, category key, source, neighbourhood, severity, reporter e-mail, young people, facts, interpretation, how far)
SIGNALS = [
    (1, "vechtpartij", "snapchat", "Oosterpark", "hoog", "jongerenwerker@demo.test", ["skatejay_010"],
     "In een Snapchat-story staat: 'vanavond 20.00 bij het winkelcentrum, wie durft'. Drie jongens reageren met vuist-emoji's.",
     "Lijkt een afspraak om te vechten tussen twee groepjes uit de wijk.", "recorded"),
    (2, "schadelijke-trend", "tiktok", "Havenkwartier", "middel", "yara@demo.test", [],
     "Filmpje van een lachgas-challenge gedeeld in de groepsapp van de voetbalkooi; meerdere likes van jongeren uit de wijk.",
     "De challenge lijkt zich hier te verspreiden.", "consulted"),
    (4, "cyberpesten", "instagram", "De Velden", "middel", "ilias@demo.test", ["k.velden"],
     "Op een anoniem Instagram-account worden foto's van klasgenoten geplaatst met spottende teksten.",
     "Mogelijk een exposing-account; k.velden wordt vaak genoemd in de reacties.", "weighed"),
    (6, "positief", "jongerencentrum", "Havenkwartier", "laag", "daan@demo.test", ["lilbeats"],
     "lilbeats liet in het jongerencentrum eigen beats horen en vroeg naar studiotijd.",
     "Talent dat we kunnen koppelen aan de muziekworkshop.", "closed"),
    (9, "overlast", "straat", "Oosterpark", "laag", "sem@demo.test", [],
     "Groep van zes jongeren bij het speelveld na 23.00, harde muziek, buurtbewoners spraken ons aan.",
     "", "recorded"),
    (12, "schadelijke-trend", "snapchat", "Havenkwartier", "laag", "ruben@demo.test", [],
     "Snapchat-verhaal met ballonnen en patronen bij de haven, gedeeld door meerdere jongeren.",
     "Past bij de lachgas-challenge.", "recorded"),
    (15, "welzijn", "whatsapp", "De Velden", "hoog", "esra@demo.test", ["gamerboy2009"],
     "gamerboy2009 stuurde 's nachts: 'ik zie het niet meer zitten, niemand merkt het als ik er niet ben'.",
     "Zorgelijk; eerder ook somber in gesprekken.", "decided"),
]
TREND = ("Lachgas-challenge op TikTok", "Filmpjes waarin jongeren elkaar uitdagen lachgas te gebruiken, ook in onze wijken.",
         "Niet meedelen; in gesprekken vragen wat jongeren ervan vinden en voorlichting in het jongerencentrum.")


def demo_signals_seed(organisation: Organisation) -> None:
    if Signal.objects.filter(organisation=organisation).exists():
        return
    categories = {c.key: c for c in Category.objects.filter(organisation=organisation)}
    areas = {n.name: n for n in Neighbourhood.objects.filter(organisation=organisation)}
    users = {u.email: u for u in User.objects.filter(membership__organisation=organisation)}
    officer = User.objects.get(membership__organisation=organisation, membership__role=Role.AANDACHTSFUNCTIONARIS)
    colleague = users["milan@demo.test"]
    trend = trends.trend_create(organisation=organisation, name=TREND[0], interpretation=TREND[1],
                                approach=TREND[2], by=officer)
    now = timezone.now()
    for number, (days, key, source, area, severity, email, aliases, facts, interpretation, how_far) in enumerate(SIGNALS):
        reporter = users[email]
        signal, _ = intake.signal_create(
            organisation=organisation, reporter=reporter, idempotency_key=uuid.uuid5(NAMESPACE, str(number)),
            category=categories[key], source=source, observed_at=now - timedelta(days=days, hours=3),
            neighbourhood=areas[area], severity=severity, facts=facts, interpretation=interpretation,
            youths=list(organisation.youths.filter(alias__in=aliases)),
        )
        if key == "schadelijke-trend":
            signal = trends.signal_trend_set(signal=signal, trend=trend, by=reporter)
        if how_far == "recorded":
            continue
        helper = officer if rules.is_sensitive(signal.severity, signal.category) else (colleague if reporter != colleague else users["fleur@demo.test"])
        handling.consultation_add(signal=signal, author=helper, weighing="Herkenbaar; we kennen de groep ook offline.")
        if how_far == "consulted":
            continue
        signal = handling.consultation_complete(signal=signal, by=reporter, expected_version=signal.version)
        if how_far == "closed" or signal.is_closed:
            continue
        if signal.step == "gesprek":
            signal = handling.conversation_record(signal=signal, by=reporter, expected_version=signal.version,
                                                  note="Kort gesproken; de jongere wil er later op terugkomen.")
        signal = handling.weighing_record(signal=signal, by=officer, expected_version=signal.version, q1=True, q2=False)
        if how_far == "weighed":
            continue
        signal = handling.decision_record(
            signal=signal, by=officer, expected_version=signal.version, outcome=Outcome.ORGANISE_HELP,
            q3=True, q4=True, q5=True, reasoning="Hulp via de huisarts past; de jongere wil meewerken.",
        )
        shares.share_record(signal=signal, by=officer, recipient=Share.Recipient.GGD, recipient_name="GGD Zuid (demo)",
                              legal_basis=Share.LegalBasis.CONSENT_YOUTH, fields=rules.MINIMAL_FIELDS)
        actions.action_add(signal=signal, by=officer, description="Samen met de jongere naar de huisarts",
                            owner=reporter, due_on=timezone.localdate() + timedelta(days=3))


# Half a year of earlier work, so lists, filters and the trends board mean something ---------

HISTORY_SIGNALS = 260
# What workers wrote, per category: invented sentences, no real people, handles or places.
HISTORY_FACTS = {
    "vechtpartij": ["Groepsapp noemt een afspraak om 'het uit te praten' bij de skatebaan.",
                    "Twee groepjes dagen elkaar uit in reacties onder een filmpje."],
    "cyberpesten": ["Een anoniem account plaatst spottende foto's van klasgenoten.",
                    "In een groepschat wordt één jongere steeds buitengesloten en uitgelachen."],
    "overlast": ["Scooters en harde muziek bij het speelveld na elf uur 's avonds.",
                 "Buurtbewoners melden vuurwerk bij de flat."],
    "schadelijke-trend": ["Filmpje met lachgasballonnen gedeeld in een groepsapp van de wijk.",
                          "Story met shisha en lean, veel likes van jongeren uit de buurt."],
    "verslaving": ["Jongere vertelt tot diep in de nacht te gamen en school te missen.",
                   "Gesprekken in de chat over gokken met loot boxes."],
    "positief": ["Jongere vraagt naar een stageplek in de studio van het jongerencentrum.",
                 "Groep wil een voetbaltoernooi in de wijk organiseren."],
    "discriminatie": ["Haatdragende memes over een groep in de wijk gedeeld in een story."],
}
HISTORY_SOURCES = ["instagram", "snapchat", "tiktok", "whatsapp", "straat", "jongerencentrum"]
RISE_WEEK_SIGNALS = 7  # last week, laughing gas in Havenkwartier: a clear rise on the trends board


def demo_history_seed(organisation: Organisation, *, now=None) -> None:
    """Some 260 earlier signals over 26 weeks, each taken through consultation to its close by the
    services, and last week's rise of a harmful trend in one neighbourhood, flagged as the
    periodic task would. A rerun adds nothing."""
    if Signal.objects.filter(organisation=organisation, idempotency_key=uuid.uuid5(NAMESPACE, "history-0")).exists():
        return
    generator = random.Random(2026)  # the same demo every time
    now = now or timezone.now()
    categories = {c.key: c for c in Category.objects.filter(organisation=organisation)}
    areas = list(Neighbourhood.objects.filter(organisation=organisation).order_by("name"))
    workers = list(User.objects.filter(membership__organisation=organisation, membership__role=Role.JONGERENWERKER)
                   .order_by("email"))
    keys = sorted(HISTORY_FACTS)
    last_monday = week_of(now) - timedelta(weeks=1)
    plan = [(generator.choice(keys), timedelta(days=generator.uniform(21, 182))) for _ in range(HISTORY_SIGNALS)]
    havenkwartier = next(area for area in areas if area.name == "Havenkwartier")
    plan += [("schadelijke-trend", None)] * RISE_WEEK_SIGNALS
    for number, (key, ago) in enumerate(plan):
        if ago is None:
            observed = start_of(last_monday) + timedelta(days=generator.uniform(0, 6.5))
            area = havenkwartier
        else:
            observed = now - ago
            area = generator.choice(areas)
        reporter = generator.choice([w for w in workers if w.membership.neighbourhoods.filter(pk=area.pk).exists()]
                                    or workers)
        facts = f"{generator.choice(HISTORY_FACTS[key])} (demo {number + 1})"
        signal, _ = intake.signal_create(
            organisation=organisation, reporter=reporter, idempotency_key=uuid.uuid5(NAMESPACE, f"history-{number}"),
            category=categories[key], source=generator.choice(HISTORY_SOURCES), observed_at=observed,
            neighbourhood=area, severity="laag", facts=facts,
        )
        Signal.objects.filter(pk=signal.pk).update(created_at=observed + timedelta(hours=2))
        if ago is None:
            continue  # last week's are still being weighed
        colleague = next(w for w in workers if w != reporter)
        handling.consultation_add(signal=signal, author=colleague, weighing="Herkenbaar; past bij wat we in de wijk zien.")
        signal = handling.consultation_complete(signal=signal, by=reporter, expected_version=signal.version)
        if signal.is_closed:
            Signal.objects.filter(pk=signal.pk).update(closed_at=observed + timedelta(days=generator.uniform(1, 6)))
    trends.rises_detect(now=now)
