"""The conformity check over a table of profiles and rules: each message as the worker reads it."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from policy.conformity import Person, check

NOOD = "https://jwzuid.example/nood"
NOOR = Person(first_name="Noor", last_name="de Wit", organisation_name="Jongerenwerk Zuid",
              organisation_handle="jwzuid")
GOOD_BIO = f"Jongerenwerker bij Jongerenwerk Zuid\nma–vr 10–18 uur\nHulp nodig? {NOOD}"


def rule(**changes):
    fields = {"handle_pattern": "jw.{voornaam}.{organisatie}",
              "bio_template": "Jongerenwerker bij {organisatie}\n{werktijden}\n{noodlink}",
              "emergency_link": NOOD, "must_be_closed": True, "must_use_logo": True, "recheck_months": 6}
    return SimpleNamespace(**{**fields, **changes})


def profile(**changes):
    fields = {"handle": "jw.noor.jwzuid", "bio": GOOD_BIO, "is_closed": True, "uses_logo": True, "link": "",
              "confirmed_at": timezone.now()}
    return SimpleNamespace(**{**fields, **changes})


HANDLE = "De handle volgt het patroon jw.{voornaam}.{organisatie} niet: verwacht jw.noor.jwzuid."
NO_ORGANISATION = "De bio noemt de organisatie niet."
NO_HOURS = "De bio noemt je werktijden niet (bijvoorbeeld „ma–vr 10–18 uur”)."
NO_LINK = f"De bio linkt niet naar de noodpagina ({NOOD})."
PUBLIC = "Het profiel is openbaar; het beleid vraagt een gesloten profiel."
NO_LOGO = "De profielfoto is niet het logo van de organisatie."

TABLE = [
    ("conforms", profile(), rule(), []),
    ("handle in capitals with an @", profile(handle="@JW.Noor.JWZuid"), rule(), []),
    ("handle off the pattern", profile(handle="noor_jw"), rule(), [HANDLE]),
    ("handle of someone else", profile(handle="jw.sem.jwzuid"), rule(), [HANDLE]),
    ("no pattern, any handle", profile(handle="noor_jw"), rule(handle_pattern=""), []),
    ("bio without the organisation",
     profile(bio=f"Jongerenwerker in de wijk\nma–vr 10–18 uur\n{NOOD}"), rule(), [NO_ORGANISATION]),
    ("bio names the organisation in other words",
     profile(bio=f"Werkzaam voor Jongerenwerk Zuid | ma-vr 10-18 | {NOOD}"), rule(),
     ["De bio mist „Jongerenwerker bij Jongerenwerk Zuid”."]),
    ("bio in other capitals and spacing",
     profile(bio=f"JONGERENWERKER  BIJ jongerenwerk zuid · 10:00 – 18:00 · {NOOD}"), rule(), []),
    ("bio without working hours",
     profile(bio=f"Jongerenwerker bij Jongerenwerk Zuid\n{NOOD}"), rule(), [NO_HOURS]),
    ("working hours written out", profile(bio=f"Jongerenwerker bij Jongerenwerk Zuid, 10.00 tot 18.00 uur {NOOD}"),
     rule(), []),
    ("no emergency link", profile(bio="Jongerenwerker bij Jongerenwerk Zuid\nma–vr 10–18 uur"), rule(), [NO_LINK]),
    ("emergency link in the link field",
     profile(bio="Jongerenwerker bij Jongerenwerk Zuid\nma–vr 10–18 uur", link="http://jwzuid.example/nood/"),
     rule(), []),
    ("another link in the link field",
     profile(bio="Jongerenwerker bij Jongerenwerk Zuid\nma–vr 10–18 uur", link="https://linktr.ee/noor"),
     rule(), [NO_LINK]),
    ("public profile", profile(is_closed=False), rule(), [PUBLIC]),
    ("public profile where the rule allows it", profile(is_closed=False), rule(must_be_closed=False), []),
    ("another profile picture", profile(uses_logo=False), rule(), [NO_LOGO]),
    ("everything off", profile(handle="noortje", bio="Hoi!", is_closed=False, uses_logo=False), rule(),
     [HANDLE, NO_ORGANISATION, NO_HOURS,
      NO_LINK, PUBLIC, NO_LOGO]),
]


@pytest.mark.parametrize("profile, rule, messages", [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_each_finding_says_exactly_what_is_off(profile, rule, messages):
    result = check(profile, rule, NOOR)
    assert result.findings == messages
    assert result.conforms == (not messages)


def test_without_a_rule_for_the_platform_nothing_is_judged():
    result = check(profile(handle="wat dan ook", is_closed=False), None, NOOR)
    assert not result.has_rule and result.findings == [] and not result.conforms


def test_the_handle_follows_the_name_without_accents_or_spaces():
    zoe = Person(first_name="Zoë", last_name="van den Berg", organisation_name="JW", organisation_handle="jw")
    assert check(profile(handle="jw.zoe.vandenberg"), rule(handle_pattern="jw.{voornaam}.{achternaam}", bio_template=""),
                 zoe).conforms


def test_when_the_name_is_unknown_only_the_shape_of_the_handle_is_checked():
    nameless = Person(first_name="", last_name="", organisation_name="Jongerenwerk Zuid", organisation_handle="jwzuid")
    assert check(profile(handle="jw.iemand.jwzuid"), rule(), nameless).findings == []
    assert check(profile(handle="iemand"), rule(), nameless).findings == [
        "De handle volgt het patroon jw.{voornaam}.{organisatie} niet."
    ]


def test_a_profile_is_due_for_its_recheck_after_the_rules_interval():
    confirmed = timezone.now() - timedelta(days=200)
    assert check(profile(confirmed_at=confirmed), rule(recheck_months=6), NOOR).recheck_due
    assert not check(profile(confirmed_at=confirmed), rule(recheck_months=12), NOOR).recheck_due
