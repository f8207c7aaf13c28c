"""Apps plug into the core through its registry; the core imports none of them."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from jongerenwerk.core.registry import HomePanel, NavItem, registry
from jongerenwerk.core.roles import FIELD_WORKERS


def _project_apps() -> set[str]:
    """The top-level packages of the project's own apps (not Django's or a library's)."""
    base = Path(settings.BASE_DIR)
    return {config.name for config in apps.get_app_configs() if Path(config.path).parent == base}


def test_no_module_under_jongerenwerk_imports_an_app():
    app_packages = _project_apps()
    assert {"signals", "contacts", "trainings", "policy"} <= app_packages
    offences = []
    for path in sorted((Path(settings.BASE_DIR) / "jongerenwerk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offences += [f"{path}:{node.lineno} imports {name}" for name in names if name.split(".")[0] in app_packages]
    assert not offences, "\n".join(offences)


@pytest.fixture
def extra_panel():
    """A panel and a menu item as a new app would add them from its AppConfig.ready()."""
    panel = HomePanel(key="test.extra", template="core/panels/card.html", audience=FIELD_WORKERS, order=15,
                      context=lambda request: {"url": "/ergens/", "title": "Nieuwe app", "text": "Iets nieuws."})
    item = NavItem("core:youth_create", "Nieuw menu-item", FIELD_WORKERS, 15)
    registry.add_panel(panel)
    registry.add_nav_item(item)
    yield
    del registry.panels[panel.key]
    del registry.nav_items[item.url_name]


def test_a_new_apps_panel_and_menu_item_reach_their_audience_only(extra_panel, client_for, worker, manager):
    worker_home = client_for(worker).get(reverse("home")).content.decode()
    manager_home = client_for(manager).get(reverse("home")).content.decode()
    assert "Nieuwe app" in worker_home and "Nieuw menu-item" in worker_home
    # Between the signal card (order 10) and the contacts card (order 20).
    assert worker_home.index("Signaal vastleggen") < worker_home.index("Nieuwe app")
    assert worker_home.index("Nieuwe app") < worker_home.index("Contactmoment registreren")
    assert "Nieuwe app" not in manager_home and "Nieuw menu-item" not in manager_home


MENUS = {
    "worker": ["Start", "Meldingen", "Signalen", "Contactmomenten", "Jongeren", "Trainingen", "Beleid"],
    "manager": ["Start", "Meldingen", "Signalen", "Contactmomenten", "Jongeren", "Trainingen", "Beleid", "Rapportages",
                "Auditlog"],
    "admin_member": ["Start", "Meldingen", "Contactmomenten", "Trainingen", "Beleid", "Rapportages", "Leden",
                     "Wijken en teams",
                     "Organisatie", "Signaalcategorieën", "Auditlog"],
    "trainer": ["Start", "Meldingen", "Trainingen"],
}


@pytest.mark.parametrize("persona", sorted(MENUS))
def test_the_menu_lists_what_the_role_may_open(persona, personas, client_for):
    page = client_for(personas.get(persona)).get(reverse("home")).content.decode()
    menu = page.split('<nav aria-label="Hoofdnavigatie">', 1)[1].split("</nav>", 1)[0]
    labels = [re.sub(r"<.*", "", label).strip() for label in re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)', menu)]
    assert labels[: len(MENUS[persona])] == MENUS[persona]
    assert labels[len(MENUS[persona]):] == ["Tweestapsverificatie", "Wachtwoord wijzigen"]


def test_overview_panels_reach_their_audience_only_and_report_sections_keep_their_order(
    worker, manager, safeguarding_officer
):
    from jongerenwerk.core.registry import Figure, OverviewPanel, ReportSection, ReportTable
    from jongerenwerk.core.roles import Role

    panel = OverviewPanel(key="test.overview", title="Proef", audience=frozenset({Role.LEIDINGGEVENDE}), order=99,
                          figures=lambda organisation, now: [Figure("Aantal", 3, "/lijst/")])
    first = ReportSection(key="test.b", title="B", order=1, figures=lambda organisation, start, end, team=None: [],
                          tables=lambda organisation, start, end, team=None: [ReportTable("T", ["Naam"], [["Sam"]])])
    second = ReportSection(key="test.a", title="A", order=2, figures=lambda organisation, start, end, team=None: [])
    registry.add_overview_panel(panel)
    registry.add_report_section(second)
    registry.add_report_section(first)
    try:
        assert panel in registry.overview_panels_for(manager)
        assert panel not in registry.overview_panels_for(worker)
        assert panel not in registry.overview_panels_for(safeguarding_officer)
        keys = [section.key for section in registry.sections()]
        assert keys.index("test.b") < keys.index("test.a")
        assert panel.figures(manager.membership.organisation, None)[0].value == 3
        assert first.tables(None, None, None)[0].rows == [["Sam"]]
    finally:
        del registry.overview_panels[panel.key]
        del registry.report_sections[first.key], registry.report_sections[second.key]
