"""An approved organisation starts with the default Dutch handbook; the demo has a handbook in use."""

from django.core.management import call_command
from django.urls import reverse

from jongerenwerk.core import services
from jongerenwerk.core.models import Organisation, User
from policy.models import (
    Acknowledgement,
    Draft,
    PolicySettings,
    ProfileRule,
    SectionKey,
    Version,
    WorkProfile,
)
from policy.selectors.acknowledgements import overview_of
from policy.selectors.profiles import conformity_of
from tests.factories import OrganisationFactory


def test_approving_an_organisation_gives_it_the_default_handbook_as_a_draft(db, client_for):
    staff = User.objects.create_user(email="staf@test.test", is_staff=True)
    organisation = OrganisationFactory(name="Jongerenwerk Nieuw", status=Organisation.Status.PENDING)
    assert services.organisation_approve(organisation=organisation, by=staff)
    draft = Draft.objects.get(organisation=organisation)
    assert [s.key for s in draft.sections.all()] == list(SectionKey.values)
    assert [s.title for s in draft.sections.all()] == [
        "Visie op online werken", "Faciliteiten", "Het uniforme profiel", "Do's en don'ts", "Bereikbaarheid",
        "Signalen en protocollen", "Privacy",
    ]
    texts = {s.key: s.body for s in draft.sections.all()}
    assert "De jeugd bepaalt\nonze inzet." in texts[SectionKey.VISION]
    assert "gesloten profielen" in texts[SectionKey.UNIFORM_PROFILE]
    assert "24/7 online te vinden" in texts[SectionKey.AVAILABILITY]
    assert "criminaliteit" in texts[SectionKey.SIGNALS]
    assert PolicySettings.objects.get(organisation=organisation).handle_name == "jongerenwerknieuw"
    # Nothing is published until the admin has adapted and published it.
    assert not Version.objects.filter(organisation=organisation).exists()
    from policy.services.handbook import handbook_seed

    handbook_seed(organisation)
    assert Draft.objects.filter(organisation=organisation).count() == 1 and draft.sections.count() == 7


def test_the_demo_has_a_handbook_in_use_with_profiles_that_do_and_do_not_conform(settings, db, client_for):
    settings.DEMO_DATA = True
    call_command("seed_demo")
    call_command("seed_demo")
    zuid = Organisation.objects.get(name="Jongerenwerk Zuid (demo)")
    versions = list(Version.objects.filter(organisation=zuid).order_by("number"))
    assert [(v.number, v.is_material) for v in versions] == [(1, True), (2, True)]
    overview = overview_of(zuid)
    assert overview.acknowledged == 5 and overview.pending > 0
    assert Acknowledgement.objects.filter(organisation=zuid, version=versions[0]).count() == 9
    assert set(ProfileRule.objects.filter(organisation=zuid).values_list("platform", flat=True)) == {
        "instagram", "snapchat", "tiktok"
    }
    checked = [c for row in conformity_of(zuid) for c in row.profiles]
    assert len(checked) == WorkProfile.objects.filter(organisation=zuid).count() == 7
    assert 0 < sum(c.result.conforms for c in checked) < len(checked)
    assert any(c.result.recheck_due for c in checked)
    # The demo worker acknowledged version 1 only: they are shown what changed since.
    worker = User.objects.get(email="jongerenwerker@demo.test")
    home = client_for(worker).get(reverse("home")).content.decode()
    assert f'{reverse("policy:diff", args=[versions[1].pk])}?met={versions[0].pk}' in home
    # The second organisation has its draft, as on approval, and nothing published.
    noord = Organisation.objects.get(name="Jongerenwerk Noord (demo)")
    assert Draft.objects.filter(organisation=noord).exists()
    assert not Version.objects.filter(organisation=noord).exists()
