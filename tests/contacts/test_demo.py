"""The demo data tell a story on the dashboards."""

from django.core.management import call_command

from contacts.models import Contact, ContactSignal
from contacts.selectors.dashboards import team_dashboard
from jongerenwerk.core.models import Organisation, User


def test_the_demo_year_shows_one_worker_below_the_online_target_and_one_working_evenings(settings, db):
    settings.DEMO_DATA = True
    call_command("seed_demo")
    zuid = Organisation.objects.get(name="Jongerenwerk Zuid (demo)")
    count = Contact.objects.filter(organisation=zuid).count()
    call_command("seed_demo")
    assert Contact.objects.filter(organisation=zuid).count() == count > 3000
    manager = User.objects.get(email="leidinggevende@demo.test")
    rows = {row.membership.user.email: row for row in team_dashboard(manager, period_key="12m").rows}
    sem, yara = rows["sem@demo.test"], rows["yara@demo.test"]
    assert "onder het online doel" in [str(reason) for reason in sem.missed]
    assert sem.figures.online_share < 15
    assert yara.figures.out_of_hours_share > 35
    others = [row for email, row in rows.items() if email not in ("sem@demo.test", "yara@demo.test")]
    assert all(row.figures.out_of_hours_share < 20 for row in others)
    assert all(20 < row.figures.online_share < 50 for row in others)
    assert all(row.figures.supportive_share > 85 for row in rows.values())
    four_weeks = team_dashboard(manager, period_key="4w").rows
    assert [row.membership.user.email for row in four_weeks if row.missed] == ["sem@demo.test"]
    assert ContactSignal.objects.filter(contact__organisation=zuid).count() == 1
    assert zuid.contact_settings.emergency_slug == "jongerenwerk-zuid-demo"
