"""Categories and their protocols, edited by the organisation's admin; and what the protocol
asks, shown on the signal page.

The pages are read in English (the language cookie), so the assertions name the message ids
and stay true whatever the Dutch catalogue says.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from jongerenwerk.core.models import AuditEvent, Role
from signals.forms import CategoryForm
from signals.models import Category, Signal, Step
from signals.services import categories as category_services
from tests.access import Page, expect, matrix_tests
from tests.factories import MembershipFactory, with_totp

ADMINS_ONLY = expect(403, admin_member=200, outsider_admin=200)


def post_data(category: Category, **overrides) -> dict:
    """What the edit form sends for `category` as loaded, with `overrides` typed over it
    (None leaves a field out, as an unticked checkbox or an emptied list is)."""
    data = {}
    for name, value in CategoryForm.initial_for(category).items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = value
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


PAGES = [
    Page("category list", "signals:categories", ADMINS_ONLY),
    Page("new category", "signals:category_create", ADMINS_ONLY),
    Page("save a new category", "signals:category_create",
         expect(403, admin_member=302, outsider_admin=302), method="post",
         data=lambda o: post_data(category_services.category_draft(o["category"].organisation), name="Nieuwe categorie")),
    Page("edit category", ("signals:category_edit", lambda o: [o["category"].pk]),
         expect(403, admin_member=200, outsider_admin=404)),
    Page("save category", ("signals:category_edit", lambda o: [o["category"].pk]),
         expect(403, admin_member=302, outsider_admin=404), method="post",
         data=lambda o: post_data(o["category"], name="Vechtpartij")),
]


@pytest.fixture
def objects(categories):
    return {"category": categories["vechtpartij"]}


test_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def admin(english, admin_member):
    return english(admin_member)


def edit_url(category: Category) -> str:
    return reverse("signals:category_edit", args=[category.pk])


def test_the_category_pages_take_no_other_methods(admin, categories):
    assert admin.post(reverse("signals:categories")).status_code == 405
    assert admin.put(edit_url(categories["exposen"])).status_code == 405
    assert admin.delete(edit_url(categories["exposen"])).status_code == 405


def test_the_admins_home_and_menu_link_to_the_categories(admin):
    page = admin.get(reverse("home")).content.decode()
    assert page.count(f'href="{reverse("signals:categories")}"') == 2


def test_the_list_shows_the_categories_in_order_with_kind_use_and_protocol(admin, admin_member, categories):
    Category.objects.filter(pk=categories["overlast"].pk).update(is_active=False)
    page = admin.get(reverse("signals:categories")).content.decode()
    names = re.findall(r'<h2><a href="/signalen/categorieen/\d+/">([^<]+)</a></h2>', page)
    assert names == [c.name for c in Category.objects.filter(organisation=categories["exposen"].organisation)]
    assert names[0] == "Vechtpartij of dreiging daarvan" and len(names) == 14
    crime = page[page.index("Criminaliteit"):page.index("Radicalisering")]
    assert "Special category" in crime and "Crime protocol" in crime and "In use" in crime
    assert "Inform the manager within 24 hours" in crime
    assert "<dt>Low</dt><dd>consultation, weighing, decision</dd>" in crime
    nuisance = page[page.index("Overlast"):page.index("Positief")]
    assert "Out of use" in nuisance and "In use" not in nuisance
    assert f'href="{reverse("signals:category_create")}"' in page


def test_the_admin_creates_a_category_with_the_grid(admin, admin_member, organisation, categories):
    draft = category_services.category_draft(organisation)
    response = admin.post(reverse("signals:category_create"), post_data(
        draft, name="Online gokken", steps_laag=["consultatie"], steps_middel=["consultatie", "wegen"],
        deadline_consultatie="24", deadline_gesprek="", inform_1_role="leidinggevende", inform_1_hours="12",
        inform_3_role="aandachtsfunctionaris", inform_3_hours="0", is_active="on",
    ))
    assert response.status_code == 302 and response["Location"] == reverse("signals:categories")
    category = Category.objects.get(name="Online gokken")
    assert category.key == "online-gokken" and category.position == 14 and category.is_active
    assert category.kind == Category.Kind.ORDINARY and not category.is_crime and not category.refuses_images
    assert category.steps_by_severity == {
        "laag": ["consultatie"], "middel": ["consultatie", "wegen"],
        "hoog": ["consultatie", "gesprek", "wegen", "beslissen"], "acuut": ["consultatie", "gesprek", "wegen", "beslissen"],
    }
    assert category.step_deadline_hours == {"consultatie": 24, "wegen": 72, "beslissen": 168}
    assert category.inform == [{"role": "leidinggevende", "hours": 12}, {"role": "aandachtsfunctionaris", "hours": 0}]
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, target_type="signals.category")
    assert event.actor == admin_member and event.target_id == str(category.pk)
    assert "steps_by_severity" in event.detail["changed"] and "inform" in event.detail["changed"]


def test_the_new_category_form_starts_from_the_standard_protocol(admin, categories):
    page = admin.get(reverse("signals:category_create")).content.decode()
    assert re.search(r'name="steps_laag" value="consultatie"[^>]*checked', page)
    assert not re.search(r'name="steps_laag" value="wegen"[^>]*checked', page)
    assert 'name="deadline_wegen" value="72"' in page and 'name="position" value="14"' in page


def test_a_new_category_gets_a_unique_key_when_its_slug_is_taken(admin, organisation, categories):
    draft = category_services.category_draft(organisation)
    admin.post(reverse("signals:category_create"), post_data(draft, name="Vechtpartij"))
    admin.post(reverse("signals:category_create"), post_data(draft, name="Vechtpartij!"))
    keys = Category.objects.filter(name__startswith="Vechtpartij").order_by("pk").values_list("key", flat=True)
    assert list(keys) == ["vechtpartij", "vechtpartij-2", "vechtpartij-3"]


def test_the_admin_edits_the_protocol_and_the_audit_says_what_changed(admin, admin_member, categories):
    fight = categories["vechtpartij"]
    response = admin.post(edit_url(fight), post_data(
        fight, steps_laag=["consultatie", "gesprek"], deadline_gesprek="", inform_1_role="aandachtsfunctionaris",
        inform_1_hours="0",
    ))
    assert response.status_code == 302
    fight.refresh_from_db()
    assert fight.steps_by_severity["laag"] == ["consultatie", "gesprek"]
    assert fight.inform == [{"role": "aandachtsfunctionaris", "hours": 0}]
    assert "gesprek" not in fight.step_deadline_hours
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, target_type="signals.category")
    assert event.actor == admin_member and event.target_id == str(fight.pk)
    assert event.detail == {"changed": ["inform", "step_deadline_hours", "steps_by_severity"]}


def test_saving_the_form_unchanged_writes_nothing(admin, categories):
    response = admin.post(edit_url(categories["exposen"]), post_data(categories["exposen"]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(target_type="signals.category").exists()


def test_the_edit_page_says_a_change_applies_to_new_signals_and_steps(admin, categories):
    page = admin.get(edit_url(categories["exposen"])).content.decode()
    assert "applies to signals logged from now on and to the steps taken from now on" in page
    assert "Signals already logged keep the step they are at." in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": "  "}, "Give the category a name."),
        ({"name": "exposen"}, "Your organisation already has a category with this name."),
        ({"steps_middel": None}, "Choose at least one step for medium severity: every signal needs a step."),
        ({"kind": "bijzonder", "steps_hoog": ["consultatie", "wegen"]},
         "Include the decision at high severity: for a special-category or crime signal the safeguarding officer "
         "must decide."),
        ({"is_crime": "on", "steps_acuut": ["consultatie"]}, "Include the decision at acute severity"),
        ({"deadline_wegen": "1.5"}, "Give a whole number of hours from 1 to 720, or leave it empty."),
        ({"deadline_wegen": "0"}, "Give a whole number of hours from 1 to 720, or leave it empty."),
        ({"deadline_wegen": "721"}, "Give a whole number of hours from 1 to 720, or leave it empty."),
        ({"inform_1_role": "leidinggevende", "inform_1_hours": "-1"}, "Give a whole number of hours from 0 to 720."),
        ({"inform_1_role": "leidinggevende", "inform_1_hours": "721"}, "Give a whole number of hours from 0 to 720."),
        ({"inform_1_role": "leidinggevende", "inform_1_hours": "een dag"}, "Give a whole number of hours from 0 to 720."),
        ({"inform_1_role": "leidinggevende"}, "Give within how many hours; 0 means immediately."),
        ({"inform_2_hours": "4"}, "Choose who must be informed, or empty the hours."),
        ({"inform_1_role": "leidinggevende", "inform_1_hours": "4", "inform_2_role": "leidinggevende",
          "inform_2_hours": "8"}, "This role is already in another rule."),
        ({"inform_1_role": "beheerder", "inform_1_hours": "4"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_keeps_what_was_typed(overrides, message, admin, categories):
    fight = categories["vechtpartij"]
    before = {field: getattr(fight, field) for field in category_services.EDITABLE_FIELDS}
    typed = {"deadline_consultatie": "37", "steps_laag": ["consultatie", "gesprek"], **overrides}
    response = admin.post(edit_url(fight), post_data(fight, **typed))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'name="deadline_consultatie" value="37"' in page
    assert re.search(r'name="steps_laag" value="gesprek"[^>]*checked', page)
    fight.refresh_from_db()
    assert {field: getattr(fight, field) for field in category_services.EDITABLE_FIELDS} == before


def test_a_new_category_with_bad_input_is_not_created_and_keeps_what_was_typed(admin, organisation, categories):
    draft = category_services.category_draft(organisation)
    response = admin.post(reverse("signals:category_create"), post_data(draft, name="Online gokken", steps_acuut=None))
    page = response.content.decode()
    assert "Choose at least one step for acute severity" in page and 'value="Online gokken"' in page
    assert not Category.objects.filter(name="Online gokken").exists()


@translation.override("en")
def test_the_services_refuse_a_protocol_the_form_would_refuse(admin_member, organisation, categories):
    fight = categories["vechtpartij"]
    with pytest.raises(ValidationError, match="at least one step"):
        category_services.category_update(
            category=fight, by=admin_member, fingerprint_loaded=category_services.fingerprint(fight),
            steps_by_severity={**fight.steps_by_severity, "laag": []},
        )
    fields = {field: getattr(fight, field) for field in category_services.EDITABLE_FIELDS}
    fields.update(name="Nieuw", inform=[{"role": "beheerder", "hours": 1}])
    with pytest.raises(ValidationError, match="each role to inform once"):
        category_services.category_create(organisation=organisation, by=admin_member, **fields)
    assert not AuditEvent.objects.filter(target_type="signals.category").exists()


def test_a_deactivated_category_leaves_the_logging_form_but_old_signals_still_show_it(
    admin, english, worker, categories, log_signal
):
    signal = log_signal(worker, category="exposen")
    option = f'value="{categories["exposen"].pk}">Exposen<'
    assert option in english(worker).get(reverse("signals:create")).content.decode()
    response = admin.post(edit_url(categories["exposen"]), post_data(categories["exposen"], is_active=None))
    assert response.status_code == 302
    assert not Category.objects.get(pk=categories["exposen"].pk).is_active
    assert ">Exposen<" not in english(worker).get(reverse("signals:create")).content.decode()
    assert "<h1>Exposen " in english(worker).get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert ">Out of use<" in admin.get(reverse("signals:categories")).content.decode()


def test_a_changed_protocol_sets_the_steps_of_a_new_signal_and_leaves_old_ones_at_theirs(
    admin, worker, categories, log_signal
):
    fight = categories["vechtpartij"]
    old = log_signal(worker, severity="laag")
    assert old.step == Step.CONSULTATION
    admin.post(edit_url(fight), post_data(fight, steps_laag=["wegen", "beslissen"], deadline_wegen="5"))
    fight.refresh_from_db()  # the fixture logs with this object, as the logging form would load it afresh
    new = log_signal(worker, severity="laag")
    assert new.step == Step.WEIGHING
    assert round((new.step_due_at - new.created_at).total_seconds() / 3600) == 5
    assert Signal.objects.get(pk=old.pk).step == Step.CONSULTATION


def test_a_save_over_someone_elses_save_is_refused_and_keeps_what_was_typed(
    admin, english, organisation, categories
):
    other_admin = with_totp(
        MembershipFactory(organisation=organisation, role=Role.BEHEERDER, user__email="beheer2@test.test").user
    )
    fight = categories["vechtpartij"]
    loaded = post_data(fight)  # the first admin opens the page
    assert english(other_admin).post(edit_url(fight), post_data(fight, name="Vechtpartij")).status_code == 302

    response = admin.post(edit_url(fight), {**loaded, "name": "Vechtpartij of dreiging", "deadline_wegen": "48"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this category while you were editing it, so your changes are not saved." in page
    assert 'value="Vechtpartij of dreiging"' in page and 'name="deadline_wegen" value="48"' in page
    assert "Saved now" in page
    fight.refresh_from_db()
    assert fight.name == "Vechtpartij" and fight.step_deadline_hours["wegen"] == 72

    # Saving again is a deliberate choice: the page now carries the state saved by the other admin.
    fresh = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    assert fresh == category_services.fingerprint(fight) != loaded["fingerprint"]
    response = admin.post(edit_url(fight), {**loaded, "fingerprint": fresh, "name": "Vechtpartij of dreiging"})
    assert response.status_code == 302
    fight.refresh_from_db()
    assert fight.name == "Vechtpartij of dreiging"


# The protocol on the signal page ---------------------------------------------------------


def test_the_signal_page_shows_the_steps_still_to_come_and_who_to_inform(english, worker, categories, log_signal):
    signal = log_signal(worker, category="criminaliteit", severity="middel")
    page = english(worker).get(reverse("signals:detail", args=[signal.pk])).content.decode()
    section = page[page.index('id="protocol"'):page.index("</div>", page.index('id="protocol"'))]
    assert "What the protocol asks" in section
    assert "Conversation with the young person, within 168 hours of reaching it" in section
    assert "Weighing, within 72 hours of reaching it" in section
    assert "Decision, within 168 hours of reaching it" in section
    assert "Collegial consultation" not in section  # the step it is at is shown above, with its due time
    with translation.override("en"):
        due = date_format(timezone.localtime(signal.created_at + timedelta(hours=24)), "j F Y H:i")
    assert f'Inform the manager within 24 hours <span class="muted">(by {due})</span>' in section


def test_the_signal_page_says_when_the_current_step_is_the_last(english, worker, categories, log_signal):
    signal = log_signal(worker, category="positief", severity="laag")
    page = english(worker).get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "This is the last step the protocol asks for; after it the signal can close." in page


def test_a_closed_signal_shows_no_protocol(english, worker, categories, log_signal):
    signal = log_signal(worker)
    Signal.objects.filter(pk=signal.pk).update(step=Step.CLOSED)
    page = english(worker).get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "What the protocol asks" not in page


def test_the_protocol_on_the_signal_page_needs_no_query_per_rule(english, worker, categories, log_signal):
    one_rule = log_signal(worker, category="criminaliteit", severity="middel")
    Category.objects.filter(pk=categories["radicalisering"].pk).update(
        inform=[{"role": "leidinggevende", "hours": 2}, {"role": "aandachtsfunctionaris", "hours": 0}]
    )
    two_rules = log_signal(worker, category="radicalisering", severity="middel")
    client = english(worker)
    client.get(reverse("home"))  # a session's first request does once what later ones do not
    counts = []
    for signal in (one_rule, two_rules):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
        counts.append(len(queries.captured_queries))
    assert "Inform the safeguarding officer immediately" in page
    assert counts[0] == counts[1]
