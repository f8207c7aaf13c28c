"""Build a handbook of 60 pages and an organisation of 500 members, and measure the pages.

    manage.py policy_benchmark --build   # the handbook in two versions, 500 members, acknowledgements, profiles
    manage.py policy_benchmark           # measure: median and 95th percentile, query counts

Measured: the handbook page (the version in force), an earlier version's page, the diff
between the two versions (as it is read, and at its first view, before it is cached), and
the acknowledgement and conformity overviews for 500 members (with the same overviews for 50
members beside them, to show the query count does not grow). Also timed on their own: turning
the 60 pages of Markdown into sanitised HTML (done once, at publication) and computing the
diff. The home page is measured first and last as a baseline: these machines are shared, and
absolute figures drift with the load; the ratio to the baseline does not.

Run it on PostgreSQL (DATABASE_URL) for meaningful figures. The data are invented and live
in organisations of their own ("Benchmark beleid (demo)"); --build refuses when HTTPS=true.
"""

import random
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from jongerenwerk.core.benchmark.timing import Table, member, page
from jongerenwerk.core.models import Membership, Organisation, Province, Role, User
from policy import markdown
from policy.diff import handbook_diff
from policy.models import Acknowledgement, Draft, ProfileRule, Version, WorkProfile
from policy.selectors.handbook import diff_cache_key, version_with_sections
from policy.services import handbook
from signals.defaults import categories_seed

LARGE, SMALL = "Benchmark beleid (demo)", "Benchmark beleid klein (demo)"
PAGE = 3_000  # characters of text on a printed page, about 450 Dutch words

SENTENCES = [
    "Jongeren maken geen onderscheid tussen online en offline, dus wij ook niet.",
    "Een jongerenwerker helpt en ondersteunt, ook online, en blijft herkenbaar in die rol.",
    "Wat je online ziet, toets je offline voordat je erop handelt.",
    "Bespreek een signaal altijd eerst in de collegiale consultatie.",
    "Je werkprofiel is gesloten en gescheiden van je privéprofiel.",
    "Buiten je werktijden reageer je niet, tenzij je daar bewust voor kiest.",
    "In een noodsituatie verwijs je naar de noodpagina met hulplijnen.",
    "Registreer jongeren onder een alias, nooit met hun echte naam.",
    "Online kun je laagdrempelig in contact komen en blijven met jongeren.",
    "Eén bericht op sociale media werft vaak meer deelnemers dan een affiche.",
    "Straatcultuur is voor een belangrijk deel sociale-mediacultuur geworden.",
    "Over signalen van criminaliteit zijn de regels eenduidig: je handelt nooit alleen.",
]


def paragraph(rng: random.Random) -> str:
    words = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 7)))
    if rng.random() < 0.3:
        words = words.replace("collegiale consultatie", "**collegiale consultatie**", 1)
    if rng.random() < 0.2:
        words += " Zie ook [de handreiking](https://handreiking.example/online-jongerenwerk)."
    return words


def section_text(rng: random.Random, characters: int) -> str:
    parts, size = [], 0
    while size < characters:
        if rng.random() < 0.12:
            part = f"## {rng.choice(['Afspraken', 'Waarom', 'Zo doen we het', 'Let op'])}"
        elif rng.random() < 0.15:
            part = "\n".join(f"- {rng.choice(SENTENCES)}" for _ in range(rng.randint(3, 5)))
        else:
            part = paragraph(rng)
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)


def changed(text: str, rng: random.Random) -> str:
    """About one paragraph in ten changed, a few removed and a few added."""
    blocks = text.split("\n\n")
    out = []
    for block in blocks:
        roll = rng.random()
        if roll < 0.08:
            out.append(block.replace(" je ", " jij ", 2) + " Dit is nieuw in deze versie.")
        elif roll < 0.10:
            continue
        elif roll < 0.12:
            out += [block, paragraph(rng)]
        else:
            out.append(block)
    return "\n\n".join(out)


class Command(BaseCommand):
    help = "Build a 60-page handbook with 500 members (--build) and measure the handbook, diff and overview pages."

    def add_arguments(self, parser):
        parser.add_argument("--build", action="store_true", help="(Re)build the benchmark organisations first.")
        parser.add_argument("--pages", type=int, default=60)
        parser.add_argument("--members", type=int, default=500)
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, build: bool, pages: int, members: int, runs: int, **options) -> None:
        if build:
            if settings.HTTPS:
                raise CommandError("Benchmark data never go into production (HTTPS=true).")
            self.build(LARGE, pages=pages, members=members)
            self.build(SMALL, pages=pages, members=max(members // 10, 10))
        large = Organisation.objects.filter(name=LARGE).first()
        small = Organisation.objects.filter(name=SMALL).first()
        if large is None or small is None:
            raise CommandError("No benchmark data: run with --build first.")
        self.measure(large, small, runs)

    # Building -----------------------------------------------------------------------------

    def build(self, name: str, *, pages: int, members: int) -> None:
        started = time.perf_counter()
        rng = random.Random(20211125)
        prefix = "bench-small" if name == SMALL else "bench-policy"
        with transaction.atomic():
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is not None:
                # Versions are immutable by design: the benchmark's own are removed with their
                # triggers' blessing only by a new organisation, so the old one is renamed away.
                organisation.name = f"{name} {timezone.now():%Y%m%d%H%M%S}"
                organisation.status = Organisation.Status.SUSPENDED
                organisation.save(update_fields=["name", "status"])
                Membership.objects.filter(organisation=organisation).update(is_active=False)
            organisation = Organisation.objects.create(
                name=name, province=Province.UTRECHT, status=Organisation.Status.APPROVED, approved_at=timezone.now()
            )
            categories_seed(organisation)
            handbook.handbook_seed(organisation)
            admin = member(f"{prefix}-beheer@benchmark.test", "Beheerder Benchmark", organisation, Role.BEHEERDER)
            member(f"{prefix}-leiding@benchmark.test", "Leidinggevende Benchmark", organisation,
                      Role.LEIDINGGEVENDE)
            workers = [member(f"{prefix}{n}@benchmark.test", f"Werker {n}", organisation, Role.JONGERENWERKER)
                       for n in range(members - 2)]
            Membership.objects.filter(organisation=organisation).update(created_at=timezone.now() - timedelta(days=90))

            draft = Draft.objects.get(organisation=organisation)
            sections = list(draft.sections.all())
            share = pages * PAGE // len(sections)
            for section in sections:
                handbook.section_update(section=section, by=admin, title=section.title,
                                        body=section_text(rng, share), expected_revision=section.revision)
            draft.refresh_from_db()
            first, _ = handbook.publication_request(
                draft=draft, by=admin, expected_revision=draft.revision, summary="Eerste versie.", is_material=True,
                acknowledge_within_days=14, now=timezone.now() - timedelta(days=40),
            )
            for section in draft.sections.all():
                handbook.section_update(section=section, by=admin, title=section.title,
                                        body=changed(section.body, rng), expected_revision=section.revision)
            draft.refresh_from_db()
            second, _ = handbook.publication_request(
                draft=draft, by=admin, expected_revision=draft.revision, summary="Tweede versie.", is_material=True,
                acknowledge_within_days=14, now=timezone.now() - timedelta(days=5),
            )
            acknowledgements = []
            for index, worker in enumerate(workers):
                if index % 4 != 3:
                    acknowledgements.append(Acknowledgement(organisation=organisation, user=worker, version=first))
                if index % 2 == 0:
                    acknowledgements.append(Acknowledgement(organisation=organisation, user=worker, version=second))
            Acknowledgement.objects.bulk_create(acknowledgements)
            ProfileRule.objects.create(organisation=organisation, platform="instagram",
                                       handle_pattern="jw.{voornaam}.{organisatie}",
                                       bio_template="Jongerenwerker bij {organisatie}\n{werktijden}")
            WorkProfile.objects.filter(owner__in=workers).delete()  # a rebuild reuses the accounts
            WorkProfile.objects.bulk_create(
                WorkProfile(organisation=organisation, owner=worker, platform="instagram",
                            handle=f"jw.werker.{n}" if n % 3 else "jw.werker.benchmarkbeleiddemo",
                            bio="Jongerenwerker bij Benchmark beleid (demo), ma–vr 10–18 uur" if n % 2 else "Hoi",
                            is_closed=bool(n % 5), uses_logo=True)
                for n, worker in enumerate(workers)
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("policy_version", "policy_versionsection", "policy_acknowledgement",
                              "policy_workprofile", "core_membership"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        characters = sum(len(s.body) for s in second.sections.all())
        self.stdout.write(f"Built {name}: {members} members, a handbook of {characters:,} characters "
                          f"({characters / PAGE:.0f} pages) in two versions, in {time.perf_counter() - started:.0f}s.")

    # Measuring ----------------------------------------------------------------------------

    def measure(self, large: Organisation, small: Organisation, runs: int) -> None:
        first, second = (version_with_sections(v) for v in Version.objects.filter(organisation=large).order_by("number"))
        worker = User.objects.get(email="bench-policy0@benchmark.test")
        manager = User.objects.get(email="bench-policy-leiding@benchmark.test")
        small_manager = User.objects.get(email="bench-small-leiding@benchmark.test")
        members = Membership.objects.filter(organisation=large, is_active=True).count()
        few = Membership.objects.filter(organisation=small, is_active=True).count()
        characters = sum(len(s.body) for s in second.sections.all())
        self.stdout.write(f"{connection.vendor}, a handbook of {characters:,} characters ({characters / PAGE:.0f} pages), "
                          f"{members} members, {runs} runs each")
        table = Table(self.stdout, "what", width=52)
        table.time("baseline: the home page", runs, page(worker, "/"))
        table.time("handbook page (version in force)", runs, page(worker, "/beleid/"))
        table.time("version page (version 1)", runs, page(worker, f"/beleid/versies/{first.pk}/"))
        diff_page = page(worker, f"/beleid/versies/{second.pk}/verschil/?met={first.pk}")
        table.time("diff page (version 1 to 2)", runs, diff_page)

        def first_view():
            with translation.override("nl"):
                cache.delete(diff_cache_key(first, second))
            diff_page()

        table.time("diff page, first view (diff not cached yet)", runs, first_view)
        table.time(f"acknowledgement overview ({members} members)", runs, page(manager, "/beleid/bevestigingen/"))
        table.time(f"acknowledgement overview ({few} members)", runs,
                   page(small_manager, "/beleid/bevestigingen/"))
        table.time(f"profile conformity ({members} members)", runs, page(manager, "/beleid/profielen/overzicht/"))
        table.time(f"profile conformity ({few} members)", runs,
                   page(small_manager, "/beleid/profielen/overzicht/"))
        table.time("baseline again: the home page", runs, page(worker, "/"))
        table.time("diff alone (computed, not rendered)", runs,
                   lambda: handbook_diff(list(first.sections.all()), list(second.sections.all())))
        table.time("sanitising the stored HTML as it is shown", runs,
                   lambda: [markdown.safe(s.html) for s in second.sections.all()])
        table.time("Markdown to HTML (once, at publication)", max(runs // 5, 3),
                   lambda: [markdown.render(s.body) for s in second.sections.all()])
