import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core import services, tasks
from jongerenwerk.core.models import AuditEvent, Invitation, Membership, OutboxMessage, Role, User


def invite(client, email="nieuwe.collega@test.test", role=Role.JONGERENWERKER):
    return client.post(reverse("core:member_list"), {"email": email, "role": role})


def test_an_admin_invites_a_colleague_who_creates_their_account(client_for, admin_member, organisation):
    response = invite(client_for(admin_member))
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nieuwe.collega@test.test")
    assert OutboxMessage.objects.filter(task_name="core.send_invitation", args=[invitation.pk]).exists()

    tasks.send_invitation(invitation.pk)  # what the worker runs
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuwe.collega@test.test"]
    assert organisation.name in message.subject
    link = re.search(r"http://\S+/uitnodiging/\S+/", message.body).group(0)

    newcomer = client_for(None)
    page = newcomer.get(link.removeprefix("http://localhost:8000"))
    assert page.status_code == 200
    assert "nieuwe.collega@test.test" in page.content.decode()

    response = newcomer.post(
        page.request["PATH_INFO"],
        {"full_name": "Nieuwe Collega", "password1": "lange-zin-met-woorden", "password2": "lange-zin-met-woorden"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(email="nieuwe.collega@test.test")
    assert user.membership.organisation == organisation
    assert user.membership.role == Role.JONGERENWERKER
    assert user.emailaddress_set.get().verified
    assert newcomer.get(reverse("home")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_sending_an_invitation_twice_mails_it_once(admin_member, organisation):
    invitation = services.invitation_create(
        organisation=organisation, email="een@test.test", role=Role.JONGERENWERKER, by=admin_member
    )
    tasks.send_invitation(invitation.pk)
    tasks.send_invitation(invitation.pk)
    assert len(mail.outbox) == 1


def test_a_new_admin_must_set_up_two_factor_authentication_before_anything_else(client, organisation):
    invitation = services.invitation_create(organisation=organisation, email="b@test.test", role=Role.BEHEERDER, by=None)
    url = reverse("core:invitation_accept", args=[invitation.token])
    client.post(url, {"full_name": "B", "password1": "lange-zin-met-woorden", "password2": "lange-zin-met-woorden"})
    response = client.get(reverse("core:member_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_an_expired_invitation_says_so(client, organisation):
    invitation = services.invitation_create(organisation=organisation, email="c@test.test", role=Role.JONGERENWERKER, by=None)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("core:invitation_accept", args=[invitation.token]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_a_used_invitation_says_so_and_a_double_submit_creates_one_account(client, organisation):
    invitation = services.invitation_create(organisation=organisation, email="d@test.test", role=Role.JONGERENWERKER, by=None)
    url = reverse("core:invitation_accept", args=[invitation.token])
    data = {"full_name": "D", "password1": "lange-zin-met-woorden", "password2": "lange-zin-met-woorden"}
    client.post(url, data)
    client.logout()
    second = client.post(url, data)
    assert second.status_code == 410
    assert "al gebruikt" in second.content.decode()
    assert User.objects.filter(email="d@test.test").count() == 1
    assert Membership.objects.filter(user__email="d@test.test").count() == 1


def test_a_bad_password_rerenders_in_dutch_and_keeps_the_name(client, organisation):
    invitation = services.invitation_create(organisation=organisation, email="e@test.test", role=Role.JONGERENWERKER, by=None)
    url = reverse("core:invitation_accept", args=[invitation.token])
    response = client.post(url, {"full_name": "Eva Typte Dit", "password1": "kort", "password2": "anders"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Eva Typte Dit"' in page
    assert "De twee wachtwoorden komen niet overeen." in page
    assert not User.objects.filter(email="e@test.test").exists()


def test_inviting_an_address_that_already_has_an_account_is_refused_with_a_message(client_for, admin_member, worker):
    response = invite(client_for(admin_member), email=worker.email)
    assert response.status_code == 200
    assert "Er bestaat al een account met dit e-mailadres." in response.content.decode()
    assert worker.email in response.content.decode()


def test_expiring_invitations_marks_only_old_pending_ones(organisation):
    old = services.invitation_create(organisation=organisation, email="old@test.test", role=Role.JONGERENWERKER, by=None)
    fresh = services.invitation_create(organisation=organisation, email="new@test.test", role=Role.JONGERENWERKER, by=None)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert tasks.expire_invitations() == 1
    assert tasks.expire_invitations() == 0
    old.refresh_from_db(), fresh.refresh_from_db()
    assert (old.status, fresh.status) == (Invitation.Status.EXPIRED, Invitation.Status.PENDING)


def test_a_new_organisation_waits_for_approval_and_then_its_admin_is_invited(db, client, admin_client_staff):
    response = client.post(
        reverse("core:organisation_register"),
        {"name": "Jongerenwerk Nieuw", "province": "UT", "contact_name": "Nina", "contact_email": "nina@nieuw.test"},
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get(email="nina@nieuw.test")
    assert invitation.organisation.status == "pending"
    assert invitation.sent_at is None

    admin_client_staff.post(
        reverse("admin:core_organisation_changelist"),
        {"action": "approve", "_selected_action": [invitation.organisation.pk]},
    )
    invitation.organisation.refresh_from_db()
    assert invitation.organisation.status == "approved"
    assert AuditEvent.objects.filter(action="approve", target_id=str(invitation.organisation.pk)).exists()
    tasks.send_invitation(invitation.pk)
    assert mail.outbox[0].to == ["nina@nieuw.test"]


@pytest.fixture
def admin_client_staff(db, client_for):
    from tests.factories import UserFactory, with_totp

    staff = with_totp(UserFactory(email="staf@test.test", is_staff=True, is_superuser=True))
    return client_for(staff)
