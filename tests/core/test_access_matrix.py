import pytest
from django.urls import reverse

from jongerenwerk.core.models import Role
from tests.access import PERSONAS, Page, check_access, expect
from tests.factories import MembershipFactory, YouthFactory, with_totp

ADMIN_ONLY = expect(403, admin_member=200, outsider_admin=200)

PAGES = [
    Page("home", lambda o: reverse("home"), expect(200)),
    Page(
        "youth list", lambda o: reverse("core:youth_list"),
        expect(200, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page(
        "youth create", lambda o: reverse("core:youth_create"),
        expect(200, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page(
        "youth detail", lambda o: reverse("core:youth_detail", args=[o["youth"].pk]),
        expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page(
        "youth edit", lambda o: reverse("core:youth_edit", args=[o["youth"].pk]),
        expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page("organisation settings", lambda o: reverse("core:organisation_settings"), ADMIN_ONLY),
    Page("members", lambda o: reverse("core:member_list"), ADMIN_ONLY),
    Page(
        "member edit", lambda o: reverse("core:member_edit", args=[o["membership"].pk]),
        expect(403, admin_member=200, outsider_admin=404),
    ),
    Page(
        "invitation revoke", lambda o: reverse("core:invitation_revoke", args=[o["invitation"].pk]),
        expect(403, admin_member=302, outsider_admin=404), method="post",
    ),
    Page("neighbourhoods and teams", lambda o: reverse("core:structure"), ADMIN_ONLY),
    Page(
        "audit log", lambda o: reverse("core:audit_log"),
        expect(403, admin_member=200, manager=200, outsider_admin=200),
    ),
    Page("signals index", lambda o: reverse("signals:index"), expect(200, trainer=403, admin_member=403, outsider_admin=403)),
    Page("contacts index", lambda o: reverse("contacts:index"), expect(200, trainer=403)),
    Page("policy index", lambda o: reverse("policy:index"), expect(200, trainer=403)),
    Page("trainings index", lambda o: reverse("trainings:index"), expect(200)),
]


@pytest.fixture
def objects(personas, organisation, other_organisation, wijk_a, admin_member):
    from jongerenwerk.core import services

    outsider_admin = with_totp(
        MembershipFactory(organisation=other_organisation, role=Role.BEHEERDER, user__email="beheer@elders.test").user
    )
    invitation = services.invitation_create(
        organisation=organisation, email="nieuw@test.test", role=Role.JONGERENWERKER, by=admin_member
    )
    return {
        "youth": YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="wijk_a_jongere"),
        "membership": personas.worker.membership,
        "invitation": invitation,
        "outsider_admin": outsider_admin,
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", PAGES, ids=lambda row: row.name)
def test_access_matrix(row, persona, personas, objects, client_for, db):
    user = objects["outsider_admin"] if persona == "outsider_admin" else personas.get(persona)
    check_access(row, persona, client_for(user), objects)


def test_the_youth_list_of_another_organisation_does_not_show_our_young_people(
    client_for, outsider, organisation, wijk_a
):
    YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="alleen_bij_ons")
    response = client_for(outsider).get(reverse("core:youth_list"))
    assert response.status_code == 200
    assert "alleen_bij_ons" not in response.content.decode()


def test_a_worker_sees_the_young_people_of_their_own_neighbourhoods_only(
    client_for, worker, organisation, wijk_a, wijk_b
):
    YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="in_mijn_wijk")
    YouthFactory(organisation=organisation, neighbourhood=wijk_b, alias="in_een_andere_wijk")
    YouthFactory(organisation=organisation, neighbourhood=None, alias="zonder_wijk")
    page = client_for(worker).get(reverse("core:youth_list")).content.decode()
    assert "in_mijn_wijk" in page and "zonder_wijk" in page
    assert "in_een_andere_wijk" not in page


def test_unknown_urls_get_the_portals_own_404_page(client_for, worker, settings):
    settings.DEBUG = False
    response = client_for(worker).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode() or "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()
