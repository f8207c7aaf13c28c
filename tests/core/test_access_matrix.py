import pytest
from django.urls import reverse

from jongerenwerk.core.models import Role
from tests.access import Page, expect, matrix_tests
from tests.factories import YouthFactory

ADMIN_ONLY = expect(403, admin_member=200, outsider_admin=200)

PAGES = [
    Page("home", "home", expect(200)),
    Page(
        "youth list", "core:youth_list",
        expect(200, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page(
        "youth create", "core:youth_create",
        expect(200, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page(
        "youth detail", ("core:youth_detail", lambda o: [o["youth"].pk]),
        expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page(
        "youth edit", ("core:youth_edit", lambda o: [o["youth"].pk]),
        expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403),
    ),
    Page("organisation settings", "core:organisation_settings", ADMIN_ONLY),
    Page("members", "core:member_list", ADMIN_ONLY),
    Page(
        "member edit", ("core:member_edit", lambda o: [o["membership"].pk]),
        expect(403, admin_member=200, outsider_admin=404),
    ),
    Page(
        "invitation revoke", ("core:invitation_revoke", lambda o: [o["invitation"].pk]),
        expect(403, admin_member=302, outsider_admin=404), method="post",
    ),
    Page("neighbourhoods and teams", "core:structure", ADMIN_ONLY),
    Page(
        "audit log", "core:audit_log",
        expect(403, admin_member=200, manager=200, outsider_admin=200),
    ),
    Page("signals index", "signals:index", expect(200, trainer=403, admin_member=403, outsider_admin=403)),
    Page("contacts index", "contacts:index", expect(200, trainer=403, admin_member=403, outsider_admin=403)),
    Page("policy index", "policy:index", expect(200, trainer=403)),
    Page("trainings index", "trainings:index", expect(200)),
    Page("young-person search", "core:youth_search", expect(200, admin_member=403, trainer=403, outsider_admin=403)),
    Page("notifications", "core:notification_list", expect(200)),
    Page("mark notifications read", "core:notification_list", expect(302), method="post"),
    # Public pages: anyone may open them, signed in or not.
    Page("organisation request", "core:organisation_register", expect(200, anonymous=200)),
    Page("invitation", ("core:invitation_accept", lambda o: [o["invitation"].token]), expect(200, anonymous=200)),
]


@pytest.fixture
def objects(personas, organisation, wijk_a, admin_member):
    from jongerenwerk.core import services

    invitation = services.invitation_create(
        organisation=organisation, email="nieuw@test.test", role=Role.JONGERENWERKER, by=admin_member
    )
    return {
        "youth": YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="wijk_a_jongere"),
        "membership": personas.worker.membership,
        "invitation": invitation,
    }


test_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


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
    assert "Pagina niet gevonden" in response.content.decode()
    assert "Traceback" not in response.content.decode()
