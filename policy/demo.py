"""Invented demo data for `seed_demo`: a published handbook with two versions (the second a
material change), acknowledgements by part of the team, the rules for three platforms and
work profiles of which some do not conform. Everything goes through the services; a rerun
adds nothing."""

from datetime import timedelta

from django.utils import timezone

from jongerenwerk.core.models import Membership, Role, User
from jongerenwerk.core.registry import DemoData
from policy.models import Draft, PolicySettings, SectionKey, Version
from policy.services import acknowledgements, handbook, profiles

EMERGENCY = "https://jongerenwerkzuid.example/nood"
BIO = "Jongerenwerker bij {organisatie}\n{werktijden}\n{noodlink}"

AVAILABILITY_ADDITION = """
- Je reageert niet na 22.00 uur, ook niet als je dat zou willen: dan verwijs je naar de noodpagina.
- Je werktijden staan in je bio in de vorm "ma–vr 12–20 uur".
"""
SIGNALS_ADDITION = """
Bij een signaal over **wapenbezit** bel je dezelfde dag je leidinggevende, ook als het signaal nog
niet gewogen is.
"""

# e-mail, [(platform, handle, bio, closed, logo, link, months since confirmed)]
PROFILES = [
    ("jongerenwerker@demo.test", [
        ("instagram", "jw.noor.jwzuid",
         "Jongerenwerker bij Jongerenwerk Zuid (demo)\nma–vr 12–20 uur\nHulp nodig? " + EMERGENCY,
         True, True, EMERGENCY, 1),
        ("snapchat", "noor_jw", "Jongerenwerker, stuur me een snap!", False, False, "", 2),
    ]),
    ("sem@demo.test", [
        ("instagram", "jw.sem.jwzuid", "Jongerenwerker in Oosterpark | di–za 14–22 uur", False, True, EMERGENCY, 3),
    ]),
    ("yara@demo.test", [
        ("tiktok", "jw.yara.jwzuid", "Jongerenwerker bij Jongerenwerk Zuid (demo)\nwo–zo 13–21 uur", False, True, "", 1),
        ("instagram", "jw.yara.jwzuid",
         "Jongerenwerker bij Jongerenwerk Zuid (demo)\nwo–zo 13–21 uur\n" + EMERGENCY, True, True, EMERGENCY, 2),
    ]),
    ("daan@demo.test", [
        ("instagram", "jw.daan.jwzuid",
         "Jongerenwerker bij Jongerenwerk Zuid (demo)\nma–do 10–18 uur\n" + EMERGENCY, True, True, EMERGENCY, 7),
    ]),
    ("ilias@demo.test", [
        ("instagram", "jw.ilias.jwzuid", "Jongerenwerker bij Jongerenwerk Zuid (demo)", True, False, "", 1),
    ]),
]
ACKNOWLEDGED_BOTH = ["sem@demo.test", "yara@demo.test", "daan@demo.test", "leidinggevende@demo.test",
                     "beheerder@demo.test"]
ACKNOWLEDGED_FIRST = ["jongerenwerker@demo.test", "ilias@demo.test", "lotte@demo.test", "milan@demo.test"]


def demo_policy_seed(demo: DemoData) -> None:
    organisation = demo.organisation
    if Version.objects.filter(organisation=organisation).exists():
        return
    members = {m.user.email: m for m in Membership.objects.filter(organisation=organisation).select_related("user")}
    admin = User.objects.get(membership__organisation=organisation, membership__role=Role.BEHEERDER)
    handbook.handbook_seed(organisation)
    PolicySettings.objects.filter(organisation=organisation).update(handle_name="jwzuid")
    now = timezone.now()

    draft = Draft.objects.get(organisation=organisation)
    first, _ = handbook.publication_request(
        draft=draft, by=admin, expected_revision=draft.revision, is_material=True, acknowledge_within_days=14,
        summary="Eerste versie van ons handboek online werken, gebaseerd op de #Awareness-training.",
        now=now - timedelta(days=60),
    )
    for email in ACKNOWLEDGED_BOTH + ACKNOWLEDGED_FIRST:
        acknowledgements.acknowledgement_record(user=members[email].user, membership=members[email], version=first,
                                                now=now - timedelta(days=55))

    for key, addition in ((SectionKey.AVAILABILITY, AVAILABILITY_ADDITION), (SectionKey.SIGNALS, SIGNALS_ADDITION)):
        section = draft.sections.get(key=key)
        handbook.section_update(section=section, by=admin, title=section.title, body=section.body + addition,
                                expected_revision=section.revision)
    draft.refresh_from_db()
    second, _ = handbook.publication_request(
        draft=draft, by=admin, expected_revision=draft.revision, is_material=True, acknowledge_within_days=14,
        summary="Bereikbaarheid: geen reacties na 22.00 uur en werktijden in de bio. Wapenbezit: dezelfde dag "
                "de leidinggevende bellen.",
        now=now - timedelta(days=9),
    )
    for email in ACKNOWLEDGED_BOTH:
        acknowledgements.acknowledgement_record(user=members[email].user, membership=members[email], version=second,
                                                now=now - timedelta(days=5))

    for platform, pattern, bio, closed in [
        ("instagram", "jw.{voornaam}.{organisatie}", BIO, True),
        ("snapchat", "jw-{voornaam}-{organisatie}", "Jongerenwerker bij {organisatie}\n{noodlink}", True),
        ("tiktok", "jw.{voornaam}.{organisatie}", "Jongerenwerker bij {organisatie}\n{werktijden}", False),
    ]:
        profiles.rule_create(
            organisation=organisation, by=admin, platform=platform, handle_pattern=pattern, bio_template=bio,
            emergency_link=EMERGENCY, must_be_closed=closed, must_use_logo=True, recheck_months=6,
        )
    for email, entries in PROFILES:
        for platform, handle, bio, closed, logo, link, months in entries:
            profiles.profile_create(
                user=members[email].user, membership=members[email], platform=platform, handle=handle, bio=bio,
                is_closed=closed, uses_logo=logo, link=link, now=now - timedelta(days=30 * months),
            )
