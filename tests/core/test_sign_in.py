import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Role, User
from tests.factories import PASSWORD, MembershipFactory
from tests.totp import current_code

LOGIN = "/accounts/login/"


@pytest.mark.parametrize("role", [Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE, Role.BEHEERDER])
def test_roles_with_sensitive_access_must_set_up_totp_before_they_reach_any_data(client, role, organisation):
    user = MembershipFactory(organisation=organisation, role=role).user
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    for url in [reverse("home"), reverse("signals:index"), reverse("core:audit_log")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # allauth asks for the password once more before a second factor is set up.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    assert "svg" in setup.content.decode()  # the QR code to scan


def test_platform_staff_must_set_up_totp_before_the_admin(client_for, db):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client_for(staff).get("/beheer/")
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_youth_worker_is_not_forced_to_use_totp(client_for, worker):
    assert client_for(worker).get(reverse("home")).status_code == 200


def test_a_manager_signs_in_with_password_and_a_totp_code(client, manager):
    response = client.post(LOGIN, {"login": manager.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in yet

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_manager_cannot_switch_totp_off(client, manager):
    client.force_login(manager)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert manager.authenticator_set.filter(type="totp").exists()
    assert response.status_code in (200, 302, 403)


def test_failed_logins_are_rate_limited_per_account(client, worker):
    cache.clear()
    too_many = "Te veel inlogpogingen. Probeer het later nogmaals."
    pages = [client.post(LOGIN, {"login": worker.email, "password": "fout"}).content.decode() for _ in range(6)]
    assert not any(too_many in page for page in pages[:5])
    assert too_many in pages[5]
    # Even the right password waits until the limit has passed.
    response = client.post(LOGIN, {"login": worker.email, "password": PASSWORD})
    assert too_many in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    cache.clear()


def test_a_wrong_password_rerenders_in_dutch_and_keeps_the_address(client, worker):
    cache.clear()
    response = client.post(LOGIN, {"login": worker.email, "password": "fout"})
    page = response.content.decode()
    assert f'value="{worker.email}"' in page
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in page


def test_open_sign_up_is_closed(client, db):
    response = client.post("/accounts/signup/", {"email": "zomaar@test.test", "password1": "x" * 12, "password2": "x" * 12}, follow=True)
    assert 'name="password2"' not in response.content.decode()
    assert not User.objects.filter(email="zomaar@test.test").exists()


def test_a_session_ends_after_half_an_hour_without_activity(client, worker, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(worker)
    assert client.get(reverse("home")).status_code == 200
    session = Session.objects.get()
    assert abs((session.expire_date - timezone.now()).total_seconds() - 30 * 60) < 60
    # Activity a minute or more after the last keeps the session alive for another half hour.
    data = session.get_decoded()
    data["_touched"] -= 120
    Session.objects.filter(pk=session.pk).update(
        session_data=Session.objects.encode(data), expire_date=timezone.now() + timezone.timedelta(minutes=1)
    )
    minutes_pass(settings)
    assert client.get(reverse("home")).status_code == 200
    session = Session.objects.get()
    assert abs((session.expire_date - timezone.now()).total_seconds() - 30 * 60) < 60
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    minutes_pass(settings)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")


def minutes_pass(settings) -> None:
    """The time the test moves the session's clock on passes: the half-minute copies of
    sessions (and the pages kept for the minute) that production keeps in Redis are gone."""
    if "pages" in settings.CACHES:
        caches["pages"].clear()


def test_the_login_page_links_to_a_password_reset_once(client, db):
    content = client.get("/accounts/login/").content.decode()
    assert content.count('href="/accounts/password/reset/"') == 1


def test_colleagues_behind_one_address_are_not_locked_out_by_each_others_typos(client, organisation, worker):
    cache.clear()
    colleagues = [MembershipFactory(organisation=organisation, user__email=f"straat{n}@test.test").user for n in range(12)]
    for colleague in colleagues:  # one typo each, all from the same mobile-network address
        client.post(LOGIN, {"login": colleague.email, "password": "fout"})
    assert client.get(LOGIN).status_code == 200  # the page itself stays reachable
    response = client.post(LOGIN, {"login": worker.email, "password": PASSWORD})
    assert response.status_code == 302
    cache.clear()


def test_failed_sign_ins_and_the_lockout_are_in_the_organisations_audit_log(client, client_for, worker, admin_member):
    cache.clear()
    for _ in range(7):
        client.post(LOGIN, {"login": worker.email, "password": "fout"})
    events = AuditEvent.objects.filter(target_type="core.user", target_id=str(worker.pk))
    assert events.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 5
    assert events.filter(action=AuditEvent.Action.LOCKOUT).count() == 1  # once per lockout, not per attempt
    assert events.first().organisation_id == worker.membership.organisation_id
    log = client_for(admin_member).get(reverse("core:audit_log")).content.decode()
    assert "mislukte aanmelding" in log and "geblokkeerd" in log
    cache.clear()


def test_the_admin_sees_who_has_set_up_two_factor_authentication(client_for, admin_member, worker, manager):
    page = client_for(admin_member).get(reverse("core:member_list")).content.decode()
    rows = {email: page.split(email, 1)[1].split("</tr>", 1)[0] for email in (worker.email, manager.email)}
    assert "niet ingesteld" in rows[worker.email]
    assert "ingesteld" in rows[manager.email] and "niet ingesteld" not in rows[manager.email]
