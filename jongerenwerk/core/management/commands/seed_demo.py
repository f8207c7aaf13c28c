"""Invented demo data: two organisations, every role, a trainer and platform staff; each app
adds its own (signals at every step, ...) through the registry's demo hooks.

Refuses to run unless DEMO_DATA is on (it is by default only with DEBUG=true), so demo
accounts with a published password never reach production. Running it again changes nothing.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jongerenwerk.core.models import (
    ROLES_REQUIRING_MFA,
    AgeBand,
    Membership,
    Neighbourhood,
    Organisation,
    Province,
    Role,
    Team,
    User,
    Youth,
)
from jongerenwerk.core.registry import DemoData, registry

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - published in the README, demo only
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # published in the README, demo only

WORKERS = [
    ("jongerenwerker@demo.test", "Noor de Wit", ["Oosterpark"]),
    ("sem@demo.test", "Sem Jansen", ["Oosterpark"]),
    ("yara@demo.test", "Yara Bakker", ["Havenkwartier"]),
    ("daan@demo.test", "Daan Visser", ["Havenkwartier"]),
    ("ilias@demo.test", "Ilias Amrani", ["De Velden"]),
    ("lotte@demo.test", "Lotte Smit", ["De Velden"]),
    ("milan@demo.test", "Milan Mulder", ["Oosterpark", "Havenkwartier"]),
    ("esra@demo.test", "Esra Yilmaz", ["De Velden"]),
    ("ruben@demo.test", "Ruben de Graaf", ["Havenkwartier"]),
    ("fleur@demo.test", "Fleur Bos", ["Oosterpark", "De Velden"]),
]
YOUTHS = [
    ("skatejay_010", AgeBand.AGE_16_17, "Oosterpark"),
    ("mo.vibes", AgeBand.AGE_12_15, "Oosterpark"),
    ("lilbeats", AgeBand.AGE_16_17, "Havenkwartier"),
    ("zoe_draws", AgeBand.AGE_12_15, "Havenkwartier"),
    ("k.velden", AgeBand.AGE_18_21, "De Velden"),
    ("gamerboy2009", AgeBand.AGE_16_17, "De Velden"),
    ("sunny.side", AgeBand.AGE_18_21, None),
]


class Command(BaseCommand):
    help = "Load the invented demo organisations and accounts (never in production)."

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_DATA or settings.HTTPS:
            raise CommandError("Demo data are off (DEMO_DATA=false or HTTPS=true); they never load in production.")
        with transaction.atomic():
            self.seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password for every demo account: " + DEMO_PASSWORD))

    def seed(self) -> None:
        zuid = self.organisation("Jongerenwerk Zuid (demo)", Province.ZUID_HOLLAND)
        areas = {name: Neighbourhood.objects.get_or_create(organisation=zuid, name=name)[0]
                 for name in ["Oosterpark", "Havenkwartier", "De Velden"]}
        east, _ = Team.objects.get_or_create(organisation=zuid, name="Team Oost")
        east.neighbourhoods.set([areas["Oosterpark"], areas["De Velden"]])
        west, _ = Team.objects.get_or_create(organisation=zuid, name="Team Haven")
        west.neighbourhoods.set([areas["Havenkwartier"]])

        for email, name, neighbourhoods in WORKERS:
            membership = self.member(email, name, zuid, Role.JONGERENWERKER)
            membership.neighbourhoods.set([areas[n] for n in neighbourhoods])
            membership.teams.set([west] if neighbourhoods == ["Havenkwartier"] else [east])
        self.member("aandachtsfunctionaris@demo.test", "Fatima El Idrissi", zuid, Role.AANDACHTSFUNCTIONARIS)
        self.member("leidinggevende@demo.test", "Joost van Dam", zuid, Role.LEIDINGGEVENDE)
        self.member("beheerder@demo.test", "Anouk Peters", zuid, Role.BEHEERDER)
        for alias, band, area in YOUTHS:
            Youth.objects.get_or_create(
                organisation=zuid, alias=alias,
                defaults={"age_band": band, "neighbourhood": areas.get(area)},
            )

        noord = self.organisation("Jongerenwerk Noord (demo)", Province.GRONINGEN)
        stad, _ = Neighbourhood.objects.get_or_create(organisation=noord, name="Stadspark")
        other = self.member("jongerenwerker@andere-organisatie.test", "Bram Hoekstra", noord, Role.JONGERENWERKER)
        other.neighbourhoods.set([stad])
        Youth.objects.get_or_create(organisation=noord, alias="noord_rider", defaults={"neighbourhood": stad})

        trainer = self.user("trainer@demo.test", "Sanne Vermeer", is_trainer=True)
        self.user("staf@demo.test", "Platform Staf", is_staff=True, is_superuser=True)
        # Each app adds its own invented data: signals, contacts, trainings, a handbook.
        registry.seed_demo(DemoData(organisation=zuid, other_organisation=noord, trainer=trainer))

    def organisation(self, name: str, province: str) -> Organisation:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={"province": province, "status": Organisation.Status.APPROVED, "approved_at": timezone.now()},
        )
        # What an approved organisation gets from the apps (protocols, a handbook), as on approval.
        registry.organisation_approved(organisation)
        return organisation

    def user(self, email: str, name: str, **flags) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name, **flags)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if flags.get("is_staff"):
            self.second_factor(user)
        return user

    def member(self, email: str, name: str, organisation: Organisation, role: str) -> Membership:
        user = self.user(email, name)
        membership, _ = Membership.objects.get_or_create(user=user, defaults={"organisation": organisation, "role": role})
        if role in ROLES_REQUIRING_MFA:
            self.second_factor(user)
        return membership

    def second_factor(self, user: User) -> None:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
