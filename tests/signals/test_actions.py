"""Follow-up actions: added on the signal page, owned by someone who may see the signal,
done by the owner, the reporter or the officer, and listed on the worker's home."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from jongerenwerk.core import tasks as core_tasks
from jongerenwerk.core.models import AuditEvent, Notification
from signals.models import FollowUpAction, Signal, Step
from signals.selectors.records import signals_visible_to, who_may_see
from signals.services import actions, retention
from tests.access import Page, expect, matrix_tests

SECRET = "Oom van Sam bellen over thuis"


def dutch(message: str) -> str:
    """The message as the (Dutch) page shows it, escaped as in HTML."""
    with translation.override("nl"):
        return escape(translation.gettext(message))


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def add_url(signal: Signal) -> str:
    return reverse("signals:add_action", args=[signal.pk])


def done_url(action: FollowUpAction) -> str:
    return reverse("signals:complete_action", args=[action.signal_id, action.pk])


def overdue_action(signal: Signal, owner, description: str = "Te laat") -> FollowUpAction:
    """The service refuses past dates, so an action that has become overdue is made directly."""
    return FollowUpAction.objects.create(signal=signal, description=description, owner=owner, due_on=days(-2))


# The worker reports the signal in wijk A and owns the action; the worker of wijk B cannot see it.
SEES = expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403)
PAGES = [
    # Without an owner the form comes back (422) for those who may add; the manager may not.
    Page("add an action", ("signals:add_action", lambda o: [o["signal"].pk]),
         {**SEES, "worker": 422, "safeguarding_officer": 422, "manager": 403}, method="post",
         data={"description": "Bellen met school", "due_on": days(1).isoformat()}),
    Page("complete an action", ("signals:complete_action", lambda o: [o["action"].signal_id, o["action"].pk]),
         {**SEES, "worker": 302, "safeguarding_officer": 302, "manager": 403}, method="post"),
]


@pytest.fixture
def objects(personas, log_signal):
    signal = log_signal(personas.worker)
    action = actions.action_add(signal=signal, by=personas.worker, description="Bellen", owner=personas.worker,
                                 due_on=days(3))
    return {"signal": signal, "action": action}


test_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


@pytest.mark.parametrize("method", ["get", "put"])
def test_action_urls_take_post_only(method, worker, log_signal, client_for):
    signal = log_signal(worker)
    action = overdue_action(signal, worker)
    client = client_for(worker)
    for url in (add_url(signal), done_url(action)):
        assert getattr(client, method)(url).status_code == 405


def test_the_reporter_assigns_an_action_and_the_owner_is_told_without_content(
    worker, colleague, log_signal, client_for
):
    signal = log_signal(worker)
    response = client_for(worker).post(
        add_url(signal), {"description": SECRET, "owner": colleague.pk, "due_on": days(2).isoformat()}
    )

    assert response.status_code == 302 and response["Location"] == reverse("signals:detail", args=[signal.pk])
    action = FollowUpAction.objects.get()
    assert (action.signal, action.owner, action.description, action.due_on, action.done_at) == (
        signal, colleague, SECRET, days(2), None
    )
    entry = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, target_id=str(signal.pk)).last()
    assert (entry.actor, entry.detail) == (worker, {"follow_up_action": action.pk, "owner": colleague.pk})

    notification = Notification.objects.get()
    assert notification.user == colleague
    assert notification.url == reverse("signals:detail", args=[signal.pk])
    assert "Sam" not in notification.text
    core_tasks.send_notification_email(notification.pk)
    [message] = mail.outbox
    assert message.to == [colleague.email]
    assert f"/signalen/{signal.pk}/" in message.body
    assert "Sam" not in message.body and "Sam" not in message.subject


def test_an_action_you_give_yourself_sends_no_notification(worker, log_signal):
    signal = log_signal(worker)
    actions.action_add(signal=signal, by=worker, description="Zelf doen", owner=worker, due_on=days(0))
    assert FollowUpAction.objects.count() == 1
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "owner, due, message",
    [
        ("colleague", -1, "The due date cannot lie in the past."),
        ("other_team_worker", 1, "Choose someone who can see this signal."),
        ("outsider", 1, "Choose someone who can see this signal."),
        ("admin_member", 1, "Choose someone who can see this signal."),
    ],
)
def test_a_wrong_owner_or_date_rerenders_with_a_clear_message_and_keeps_what_was_typed(
    owner, due, message, personas, log_signal, client_for
):
    signal = log_signal(personas.worker)
    response = client_for(personas.worker).post(
        add_url(signal), {"description": SECRET, "owner": personas.get(owner).pk, "due_on": days(due).isoformat()}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert dutch(message) in page
    assert SECRET in page and days(due).isoformat() in page
    assert not FollowUpAction.objects.exists()


@pytest.mark.parametrize(
    "owner, message",
    [
        ("other_team_worker", "Choose someone who can see this signal."),
        ("admin_member", "Choose someone who can see this signal."),
        ("outsider", "Choose someone of your organisation."),
        ("trainer", "Choose someone of your organisation."),
    ],
)
def test_the_service_refuses_owners_who_cannot_see_the_signal(owner, message, personas, log_signal):
    signal = log_signal(personas.worker)
    with pytest.raises(ValidationError) as refused:
        actions.action_add(signal=signal, by=personas.worker, description="Bellen", owner=personas.get(owner),
                            due_on=days(1))
    assert refused.value.message_dict == {"owner": [translation.gettext(message)]}


def test_an_empty_description_is_refused(worker, log_signal):
    signal = log_signal(worker)
    with pytest.raises(ValidationError) as refused:
        actions.action_add(signal=signal, by=worker, description="  ", owner=worker, due_on=days(1))
    assert list(refused.value.message_dict) == ["description"]


def test_the_owner_choices_are_exactly_the_people_who_see_the_signal(personas, log_signal, wijk_a, organisation):
    in_wijk_a = log_signal(personas.worker)
    nowhere = log_signal(personas.worker, neighbourhood=None)
    for signal in (in_wijk_a, nowhere):
        seeing = {user for user in vars(personas).values() if signals_visible_to(user).filter(pk=signal.pk).exists()}
        assert set(who_may_see(signal)) == seeing
    assert personas.colleague in who_may_see(in_wijk_a) and personas.colleague not in who_may_see(nowhere)


def test_a_closed_signal_still_takes_actions_but_an_anonymised_one_does_not(worker, log_signal):
    signal = log_signal(worker)
    Signal.objects.filter(pk=signal.pk).update(step=Step.CLOSED, closed_at=timezone.now(), outcome="monitoren")
    signal.refresh_from_db()
    actions.action_add(signal=signal, by=worker, description="Over een maand weer kijken", owner=worker,
                        due_on=days(30))

    Signal.objects.filter(pk=signal.pk).update(anonymised_at=timezone.now(), facts=retention.ANONYMISED)
    signal.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.action_add(signal=signal, by=worker, description="Nog iets", owner=worker, due_on=days(1))
    assert FollowUpAction.objects.count() == 1


@pytest.mark.parametrize("who", ["colleague", "worker", "safeguarding_officer"])
def test_the_owner_the_reporter_and_the_officer_mark_an_action_done_once(who, personas, log_signal, client_for):
    signal = log_signal(personas.worker)
    action = actions.action_add(signal=signal, by=personas.worker, description="Bellen", owner=personas.colleague,
                                 due_on=days(1))
    client = client_for(personas.get(who))

    client.post(done_url(action))
    action.refresh_from_db()
    done_at = action.done_at
    assert done_at is not None
    response = client.post(done_url(action))  # a second tap

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_at == done_at
    done = AuditEvent.objects.filter(detail__follow_up_done=action.pk)
    assert list(done.values_list("actor", flat=True)) == [personas.get(who).pk]


def test_someone_else_who_sees_the_signal_cannot_mark_it_done(worker, colleague, manager, log_signal):
    signal = log_signal(worker)
    action = actions.action_add(signal=signal, by=worker, description="Bellen", owner=worker, due_on=days(1))
    for user in (colleague, manager):
        with pytest.raises(PermissionDenied):
            actions.action_complete(action=action, by=user)
    action.refresh_from_db()
    assert action.done_at is None


def test_an_action_is_not_found_through_another_signal(worker, log_signal, client_for):
    first, second = log_signal(worker), log_signal(worker)
    action = overdue_action(first, worker)
    response = client_for(worker).post(reverse("signals:complete_action", args=[second.pk, action.pk]))
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.done_at is None


def test_the_signal_page_marks_overdue_and_done_actions_in_words(worker, colleague, log_signal, client_for):
    signal = log_signal(worker)
    late = overdue_action(signal, colleague, "Te laat gebeld")
    finished = overdue_action(signal, colleague, "Schoolmentor gesproken")
    actions.action_complete(action=finished, by=worker)
    actions.action_add(signal=signal, by=worker, description="Nog even tijd", owner=colleague, due_on=days(5))

    page = client_for(colleague).get(reverse("signals:detail", args=[signal.pk])).content.decode()
    section = page[page.index('id="actions"'):]
    items = section.split("<li")[1:4]
    overdue, done = f'! {dutch("overdue")}</span>', f'✓ {dutch("done")}</span>'
    assert "Te laat gebeld" in items[0] and overdue in items[0] and 'class="overdue"' in items[0]
    assert "Schoolmentor gesproken" in items[1] and done in items[1] and overdue not in items[1]
    assert "Nog even tijd" in items[2] and overdue not in items[2] and done not in items[2]
    assert colleague.get_full_name() in items[0]
    # The colleague owns the open ones and may mark them done, but may not add actions.
    assert section.count(dutch("Mark as done")) == 2
    assert f'action="{add_url(signal)}"' not in page
    assert late.is_overdue and not finished.is_overdue


@pytest.mark.parametrize("who, shows_form", [("worker", True), ("safeguarding_officer", True),
                                              ("colleague", False), ("manager", False)])
def test_the_add_form_shows_for_the_reporter_and_the_officer(who, shows_form, personas, log_signal, client_for):
    signal = log_signal(personas.worker)
    client, url = client_for(personas.get(who)), reverse("signals:detail", args=[signal.pk])
    page = client.get(url).content.decode()
    assert ('href="?open=actions#actions"' in page) is shows_form  # the form comes when asked for
    opened = client.get(url, {"open": "actions"}).content.decode()
    assert (f'action="{add_url(signal)}"' in opened) is shows_form


def test_the_signal_page_needs_the_same_queries_for_more_actions(
    worker, colleague, log_signal, client_for, django_assert_max_num_queries
):
    signal = log_signal(worker)
    actions.action_add(signal=signal, by=worker, description="Eerste", owner=colleague, due_on=days(1))
    client = client_for(worker)
    url = reverse("signals:detail", args=[signal.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(6):
        actions.action_add(signal=signal, by=worker, description=f"Actie {n}", owner=colleague, due_on=days(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Actie 5" in page


def test_the_home_lists_my_open_actions_overdue_first_with_links(
    worker, colleague, log_signal, client_for, django_assert_max_num_queries
):
    signal = log_signal(worker)
    actions.action_add(signal=signal, by=worker, description="Straatronde plannen", owner=worker, due_on=days(3))
    overdue_action(signal, worker, "Te laat")
    done = overdue_action(signal, worker, "Jeugdarts gemaild")
    actions.action_complete(action=done, by=worker)
    actions.action_add(signal=signal, by=worker, description="Van de collega", owner=colleague, due_on=days(1))
    client = client_for(worker)

    with django_assert_max_num_queries(30) as few:
        page = client.get(reverse("home")).content.decode()
    assert page.index("Te laat") < page.index("Straatronde plannen")
    assert "Jeugdarts gemaild" not in page and "Van de collega" not in page
    assert f'href="{reverse("signals:detail", args=[signal.pk])}#actions"' in page
    assert f'! {dutch("overdue")}</span>' in page

    for n in range(8):
        actions.action_add(signal=signal, by=worker, description=f"Extra {n}", owner=worker, due_on=days(10 + n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert page.count("#actions\"") == 5
    assert "Te laat" in page and "Extra 2" in page and "Extra 3" not in page


def test_the_officer_and_the_manager_see_their_open_actions_at_home(
    worker, safeguarding_officer, manager, log_signal, client_for
):
    signal = log_signal(worker)
    actions.action_add(signal=signal, by=safeguarding_officer, description="Veilig Thuis bellen",
                        owner=safeguarding_officer, due_on=days(2))
    actions.action_add(signal=signal, by=safeguarding_officer, description="Politie informeren",
                        owner=manager, due_on=days(1))
    officer_home = client_for(safeguarding_officer).get(reverse("home")).content.decode()
    manager_home = client_for(manager).get(reverse("home")).content.decode()
    assert "Veilig Thuis bellen" in officer_home and "Politie informeren" not in officer_home
    assert "Politie informeren" in manager_home and "Veilig Thuis bellen" not in manager_home
