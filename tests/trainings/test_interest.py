"""Interest per province: double opt-in, an unsubscribe link in every mail, and one notice when
the province's session opens. The outbox's tasks are run here by hand, as a worker would."""

import re

from django.core import mail
from django.urls import reverse

from jongerenwerk.core.models import OutboxMessage, Province
from trainings import tasks
from trainings.models import Interest
from trainings.services import programmes

TASKS = {"trainings.send_interest_confirmation": tasks.send_interest_confirmation,
         "trainings.send_interest_notice": tasks.send_interest_notice}


def run_outbox() -> None:
    """Run the waiting trainings tasks of the outbox, twice over (a rerun must send nothing)."""
    for _ in range(2):
        for message in OutboxMessage.objects.filter(task_name__in=TASKS):
            TASKS[message.task_name](*message.args, **message.kwargs)


def link(body: str, part: str) -> str:
    return re.search(rf"http://\S+{part}\S*", body).group(0).replace("http://localhost:8000", "")


def test_double_opt_in_then_one_notice_when_the_province_opens(client, programme, trainer):
    response = client.post(reverse("trainings:interest"), {"email": "Buur@Voorbeeld.test", "province": "UT",
                                                           "organisation_name": "Jongerenwerk Utrecht"})
    assert "Kijk in je e-mail" in response.content.decode()
    client.post(reverse("trainings:interest"), {"email": "buur@voorbeeld.test", "province": "UT"})
    run_outbox()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["buur@voorbeeld.test"]
    assert "/afmelden/" in confirmation.body
    # Not confirmed: the province opening tells nobody.
    utrecht = programme.sessions.filter(kind="province")[1]
    programmes.session_province_set(session=utrecht, province=Province.UTRECHT, by=trainer)
    run_outbox()
    assert len(mail.outbox) == 1
    confirm = link(confirmation.body, "/bevestigen/")
    assert "Ja, bevestigen" in client.get(confirm).content.decode()
    assert "Bevestigd" in client.post(confirm).content.decode()
    run_outbox()
    assert len(mail.outbox) == 2  # confirmed after the opening: told at once
    notice = mail.outbox[1]
    assert "De #Awareness-training voor Utrecht is op" in notice.body
    assert f"/trainingen/sessie/{utrecht.pk}/" in notice.body and "/afmelden/" in notice.body
    # Another Utrecht session later, reruns: still only once.
    programmes.session_province_set(session=programme.sessions.filter(kind="province")[2], province=Province.UTRECHT,
                                    by=trainer)
    run_outbox()
    assert len(mail.outbox) == 2


def test_a_confirmed_interest_hears_once_when_the_province_opens(programme, trainer):
    for email, province in (("a@voorbeeld.test", "GE"), ("b@voorbeeld.test", "UT")):
        Interest.objects.create(programme=programme, email=email, province=province, confirmed_at="2026-01-01T00:00Z")
    programmes.session_province_set(session=programme.sessions.first(), province=Province.GELDERLAND, by=trainer)
    run_outbox()
    assert [m.to for m in mail.outbox] == [["a@voorbeeld.test"]]


def test_unsubscribing_deletes_the_address(client, programme):
    interest = Interest.objects.create(programme=programme, email="weg@voorbeeld.test", province="UT")
    url = reverse("trainings:interest_unsubscribe", args=[interest.token])
    assert "weg@voorbeeld.test" in client.get(url).content.decode()
    assert "we hebben het gewist" in client.post(url).content.decode()
    assert not Interest.objects.exists()
    assert "we hebben het gewist" in client.post(url).content.decode()


def test_a_member_registers_interest_with_one_click(client_for, programme, worker):
    client_for(worker).post(reverse("trainings:interest_member", args=[programme.pk]))
    interest = Interest.objects.get()
    assert (interest.email, interest.province, interest.confirmed_at is not None) == (worker.email, "ZH", True)
    assert not OutboxMessage.objects.filter(task_name="trainings.send_interest_confirmation").exists()


def test_a_members_click_confirms_their_earlier_unconfirmed_registration(client_for, programme, worker):
    Interest.objects.create(programme=programme, email=worker.email, province="ZH")
    client_for(worker).post(reverse("trainings:interest_member", args=[programme.pk]))
    assert Interest.objects.get().confirmed_at is not None

