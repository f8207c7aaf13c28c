"""The signals section shows each category's live protocol from the signals app: one source,
so a change of a category's protocol changes the handbook as it is read."""

from django.urls import reverse

from signals.models import Category
from signals.services import categories as category_services


def section_of(page: str, key: str) -> str:
    start = page.index(f'<section id="{key}"')
    return page[start:page.index("</section>", start)]


def test_the_signals_section_shows_each_category_in_use_with_its_protocol(
    categories, published, worker, client_for
):
    page = client_for(worker).get(reverse("policy:index")).content.decode()
    signals = section_of(page, "signalen")
    assert "Het protocol per signaalcategorie" in signals
    assert "Criminaliteit (dealen, beroving, wapens)" in signals
    assert "Criminaliteitsprotocol" in signals
    assert "Vertel het binnen 24 uur aan de leidinggevende." in signals
    assert signals.count("<h4>") == Category.objects.filter(organisation=worker.membership.organisation).count()


def test_changing_a_categorys_protocol_changes_the_handbook(categories, published, admin_member, worker, client_for):
    client = client_for(worker)
    before = section_of(client.get(reverse("policy:index")).content.decode(), "signalen")
    assert "Vertel het binnen 24 uur aan de leidinggevende." in before
    crime = Category.objects.get(organisation=admin_member.membership.organisation, key="criminaliteit")
    category_services.category_update(
        category=crime, by=admin_member, fingerprint_loaded=category_services.fingerprint(crime),
        inform=[{"role": "leidinggevende", "hours": 4}, {"role": "aandachtsfunctionaris", "hours": 0}],
    )
    after = section_of(client.get(reverse("policy:index")).content.decode(), "signalen")
    assert "Vertel het binnen 24 uur aan de leidinggevende." not in after
    assert "Vertel het binnen 4 uur aan de leidinggevende." in after
    assert "Vertel het direct aan de aandachtsfunctionaris." in after
    # The published version's own text did not change: the protocol is read live.
    assert before.split('<h3 id="protocols-heading">')[0] == after.split('<h3 id="protocols-heading">')[0]


def test_a_category_taken_out_of_use_leaves_the_handbook(categories, published, admin_member, worker, client_for):
    bullying = Category.objects.get(organisation=admin_member.membership.organisation, key="cyberpesten")
    category_services.category_update(category=bullying, by=admin_member,
                                      fingerprint_loaded=category_services.fingerprint(bullying), is_active=False)
    page = client_for(worker).get(reverse("policy:index")).content.decode()
    assert "Cyberpesten" not in section_of(page, "signalen")
