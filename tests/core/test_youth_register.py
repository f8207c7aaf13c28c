import uuid

from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Youth
from signals.models import Signal
from tests.factories import YouthFactory


def test_a_worker_adds_a_young_person_by_alias(client_for, worker, organisation, wijk_a):
    response = client_for(worker).post(
        reverse("core:youth_create"), {"alias": "nieuw_handle", "age_band": "16-17", "neighbourhood": wijk_a.pk}
    )
    youth = Youth.objects.get(alias="nieuw_handle")
    assert response.status_code == 302 and response["Location"] == reverse("core:youth_detail", args=[youth.pk])
    assert (youth.organisation, youth.created_by) == (organisation, worker)
    assert AuditEvent.objects.filter(action="create", target_id=str(youth.pk)).exists()


def test_a_duplicate_alias_is_refused_in_dutch_and_keeps_what_was_typed(client_for, worker, organisation, wijk_a):
    YouthFactory(organisation=organisation, alias="Bestaat_Al", neighbourhood=wijk_a)
    response = client_for(worker).post(
        reverse("core:youth_create"),
        {"alias": "bestaat_al", "age_band": "16-17", "neighbourhood": wijk_a.pk, "notes": "mijn notitie"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er is al een jongere met deze alias geregistreerd." in page
    assert 'value="bestaat_al"' in page and "mijn notitie" in page
    assert Youth.objects.count() == 1


def test_the_same_alias_may_exist_in_another_organisation(client_for, worker, other_organisation):
    YouthFactory(organisation=other_organisation, alias="gedeeld")
    response = client_for(worker).post(reverse("core:youth_create"), {"alias": "gedeeld", "age_band": "?"})
    assert response.status_code == 302


def test_a_neighbourhood_of_another_organisation_cannot_be_chosen(client_for, worker, outsider):
    foreign = outsider.membership.neighbourhoods.get()
    response = client_for(worker).post(
        reverse("core:youth_create"), {"alias": "x", "age_band": "?", "neighbourhood": foreign.pk}
    )
    assert response.status_code == 200
    assert not Youth.objects.filter(alias="x").exists()


def test_the_youth_list_searches_by_alias_with_htmx(client_for, worker, organisation, wijk_a):
    YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="zoek_mij")
    YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="ander")
    response = client_for(worker).get(reverse("core:youth_list"), {"q": "zoek"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "zoek_mij" in page and "ander" not in page
    assert "<html" not in page  # only the results region


def test_the_youth_list_needs_the_same_queries_for_many_young_people(
    client_for, worker, organisation, wijk_a, django_assert_max_num_queries
):
    client = client_for(worker)
    YouthFactory.create_batch(3, organisation=organisation, neighbourhood=wijk_a)
    client.get(reverse("core:youth_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("core:youth_list"))
    YouthFactory.create_batch(20, organisation=organisation, neighbourhood=wijk_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:youth_list"))


# Aliases and what a worker may see --------------------------------------------------------------


def test_an_alias_used_in_a_neighbourhood_the_worker_cannot_see_is_neither_refused_nor_revealed(
    client_for, worker, organisation, wijk_a, wijk_b
):
    hidden = YouthFactory(organisation=organisation, alias="stille_jay", neighbourhood=wijk_b, notes="geheim")
    response = client_for(worker).post(
        reverse("core:youth_create"), {"alias": "stille_jay", "age_band": "16-17", "neighbourhood": wijk_a.pk}
    )
    assert response.status_code == 302  # a new entry of its own, in the worker's neighbourhood
    new = Youth.objects.exclude(pk=hidden.pk).get(alias="stille_jay")
    assert new.neighbourhood == wijk_a
    hidden.refresh_from_db()
    assert hidden.notes == "geheim" and hidden.neighbourhood == wijk_b


def test_a_worker_places_young_people_in_their_own_neighbourhoods_only(client_for, worker, wijk_b):
    client = client_for(worker)
    assert f'value="{wijk_b.pk}"' not in client.get(reverse("core:youth_create")).content.decode()
    response = client.post(reverse("core:youth_create"), {"alias": "elders", "age_band": "?", "neighbourhood": wijk_b.pk})
    assert response.status_code == 200 and not Youth.objects.filter(alias="elders").exists()


def test_the_overseers_see_both_entries_with_their_neighbourhood(
    client_for, safeguarding_officer, organisation, wijk_a, wijk_b
):
    YouthFactory(organisation=organisation, alias="dubbel", neighbourhood=wijk_a)
    YouthFactory(organisation=organisation, alias="dubbel", neighbourhood=wijk_b)
    page = client_for(safeguarding_officer).get(reverse("core:youth_list"), {"q": "dubbel"}).content.decode()
    assert page.count(">dubbel<") == 2 and "Wijk A" in page and "Wijk B" in page


def test_an_alias_typed_in_the_signal_form_links_only_someone_the_worker_may_see(
    client_for, worker, organisation, categories, wijk_a, wijk_b
):
    hidden = YouthFactory(organisation=organisation, alias="skate_kim", neighbourhood=wijk_b)
    visible = YouthFactory(organisation=organisation, alias="mo_vibes", neighbourhood=wijk_a)
    client = client_for(worker)
    for alias in ("skate_kim", "MO_VIBES"):
        response = client.post(reverse("signals:create"), {
            "idempotency_key": str(uuid.uuid4()), "category": categories["overlast"].pk, "source": "straat",
            "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "neighbourhood": wijk_a.pk,
            "severity": "laag", "facts": f"Gezien: {alias}.", "new_youth_alias": alias,
        })
        assert response.status_code == 302
    first, second = Signal.objects.order_by("pk")
    (linked,) = first.youths.all()
    assert linked != hidden and linked.neighbourhood == wijk_a and linked.created_by == worker
    assert list(second.youths.all()) == [visible]
    assert not hidden.signals.exists()


# The young-person picker ------------------------------------------------------------------------


def test_the_picker_finds_only_young_people_the_worker_may_see(client_for, worker, organisation, wijk_a, wijk_b):
    YouthFactory(organisation=organisation, alias="skate_mo", neighbourhood=wijk_a)
    YouthFactory(organisation=organisation, alias="skate_lin", neighbourhood=wijk_b)
    YouthFactory(organisation=organisation, alias="skate_oud", neighbourhood=wijk_a, anonymised_at=timezone.now())
    response = client_for(worker).get(reverse("core:youth_search"), {"youths_q": "skate"},
                                      headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "skate_mo" in page and "skate_lin" not in page and "skate_oud" not in page
    assert 'name="youths"' in page and "<html" not in page


def test_the_picker_says_when_nobody_matches(client_for, worker, organisation, wijk_a):
    page = client_for(worker).get(reverse("core:youth_search"), {"youths_q": "niemand"}).content.decode()
    assert "Geen jongere gevonden voor “niemand”" in page


def test_the_picker_shows_ten_at_most(client_for, safeguarding_officer, organisation, wijk_a):
    YouthFactory.create_batch(15, organisation=organisation, neighbourhood=wijk_a)
    page = client_for(safeguarding_officer).get(reverse("core:youth_search"), {"q": "alias_"}).content.decode()
    assert page.count('name="youths"') == 10
