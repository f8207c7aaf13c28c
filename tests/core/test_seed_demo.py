import pytest
from django.core.management import CommandError, call_command

from jongerenwerk.core.models import Membership, Organisation, Role, User


def test_demo_data_load_every_role_and_a_second_organisation_and_can_load_twice(settings, db):
    settings.DEMO_DATA = True
    call_command("seed_demo")
    call_command("seed_demo")
    zuid = Organisation.objects.get(name="Jongerenwerk Zuid (demo)")
    assert zuid.province == "ZH" and zuid.neighbourhoods.count() == 3
    roles = dict(Membership.objects.filter(organisation=zuid).values_list("user__email", "role"))
    assert roles["jongerenwerker@demo.test"] == Role.JONGERENWERKER
    assert roles["aandachtsfunctionaris@demo.test"] == Role.AANDACHTSFUNCTIONARIS
    assert roles["leidinggevende@demo.test"] == Role.LEIDINGGEVENDE
    assert roles["beheerder@demo.test"] == Role.BEHEERDER
    assert sum(role == Role.JONGERENWERKER for role in roles.values()) >= 10
    assert User.objects.get(email="trainer@demo.test").is_trainer
    other = User.objects.get(email="jongerenwerker@andere-organisatie.test").membership.organisation
    assert other != zuid and other.province != zuid.province
    assert User.objects.get(email="leidinggevende@demo.test").authenticator_set.filter(type="totp").exists()


def test_demo_data_never_load_in_production(settings, db):
    settings.DEMO_DATA = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    settings.DEMO_DATA, settings.HTTPS = True, True
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_data_hold_signals_at_every_step_and_load_twice(settings, db):
    from signals import demo
    from signals.models import Signal, Step, TrendRise

    settings.DEMO_DATA = True
    call_command("seed_demo")
    call_command("seed_demo")
    zuid = Organisation.objects.get(name="Jongerenwerk Zuid (demo)")
    signals = Signal.objects.filter(organisation=zuid)
    # The seven stories at every step, and half a year of earlier work that makes the lists mean something.
    assert signals.count() == 7 + demo.HISTORY_SIGNALS + demo.RISE_WEEK_SIGNALS
    assert set(signals.values_list("step", flat=True)) == {Step.CONSULTATION, Step.DECISION, Step.CLOSED}
    rise = TrendRise.objects.get(organisation=zuid, neighbourhood__name="Havenkwartier")
    assert rise.category.key == "schadelijke-trend" and rise.count >= demo.RISE_WEEK_SIGNALS
    closed_with_help = signals.get(category__key="welzijn")
    assert closed_with_help.is_closed and closed_with_help.shares.count() == 1 and closed_with_help.actions.count() == 1
    assert signals.filter(trend__name="Lachgas-challenge op TikTok").count() == 2
    assert not Signal.objects.exclude(organisation=zuid).exists()


def test_every_benchmark_page_answers_on_the_demo_organisation(settings, db, client):
    """The throughput benchmark serves what the apps register; on the demo data every app has
    something to show, so each page must answer its role's member (the benchmark's own smoke run
    builds signals only)."""
    from jongerenwerk.core.registry import registry

    settings.DEMO_DATA = True
    call_command("seed_demo")
    zuid = Organisation.objects.get(name="Jongerenwerk Zuid (demo)")
    pages = [page for pages_of in registry.benchmark_pages for page in pages_of(zuid)]
    names = {page.name for page in pages}
    assert {"signal list (officer)", "contact form (worker)", "team dashboard (4 weeks)", "handbook (worker)",
            "profile conformity (manager)"} <= names
    for page in pages:
        member = Membership.objects.filter(organisation=zuid, role=page.role, is_active=True).first()
        client.force_login(member.user)
        assert client.get(page.path).status_code == 200, page
