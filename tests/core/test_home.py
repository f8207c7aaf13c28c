"""Each person's home page: the cards and open work their role may see, from the registry."""

import re

import pytest
from django.urls import reverse

CARD = re.compile(r'<li class="card"><h2><a href="([^"]+)">([^<]+)</a></h2>')

EXPECTED_CARDS = {
    "worker": [
        ("/signalen/nieuw/", "Signaal vastleggen"),
        ("/signalen/?scope=mine", "Mijn signalen"),
        ("/contacten/nieuw/", "Contactmoment registreren"),
        ("/jongeren/", "Jongeren"),
        ("/trainingen/", "Trainingen"),
        ("/beleid/", "Beleidshandboek"),
    ],
    "safeguarding_officer": [
        ("/rapportages/overzicht/", "Overzicht"),
        ("/signalen/?status=open", "Te behandelen signalen"),
        ("/jongeren/", "Jongeren"),
        ("/beleid/", "Beleidshandboek"),
        ("/trainingen/", "Trainingen"),
    ],
    "manager": [
        ("/rapportages/overzicht/", "Overzicht"),
        ("/signalen/", "Signalen"),
        ("/contacten/team/", "Contactmomenten en online aandeel"),
        ("/trainingen/", "Trainingen"),
        ("/organisatie/audit/", "Auditlog"),
    ],
    "admin_member": [
        ("/organisatie/leden/", "Leden en uitnodigingen"),
        ("/organisatie/wijken-en-teams/", "Wijken en teams"),
        ("/organisatie/", "Organisatie-instellingen"),
        ("/signalen/categorieen/", "Signaalcategorieën en protocollen"),
        ("/beleid/", "Beleidshandboek"),
        ("/organisatie/audit/", "Auditlog"),
    ],
    "trainer": [("/trainingen/", "Trainingsprogramma")],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED_CARDS))
def test_each_role_sees_its_own_cards_in_a_stable_order(persona, personas, client_for):
    page = client_for(personas.get(persona)).get(reverse("home")).content.decode()
    assert CARD.findall(page) == EXPECTED_CARDS[persona]
