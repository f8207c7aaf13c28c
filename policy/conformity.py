"""Whether a work profile follows the organisation's uniform-profile rule for its platform,
and, per rule, exactly what is off, in words a worker can act on.

No platform is contacted (there is no API and no network for it): the check compares what
the worker registered with the rule, and the worker confirms the profile at the rule's
re-check interval.

Placeholders: in a handle pattern {voornaam}, {achternaam} and {organisatie} (the
organisation as written in handles); in a bio template, one required part per line, with
{organisatie} (the organisation's name), {voornaam}, {werktijden} (working hours, in any
common notation) and {noodlink} (the rule's link to the emergency page).
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{(voornaam|achternaam|organisatie|werktijden|noodlink)\}")
HANDLE_PLACEHOLDERS = {"voornaam", "achternaam", "organisatie"}
BIO_PLACEHOLDERS = {"voornaam", "achternaam", "organisatie", "werktijden", "noodlink"}
# Working hours as people write them: "10-18", "10:00 – 18:00", "10.00 tot 18.00 uur", "ma-vr 10u-18u".
HOURS = re.compile(
    r"\b([01]?\d|2[0-4])([:.][0-5]\d)?\s*u?\s*(-|–|—|tot|t/m)\s*([01]?\d|2[0-4])([:.][0-5]\d)?\s*(u\b|uur\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Person:
    """What the check needs to know about the worker and their organisation."""

    first_name: str
    last_name: str
    organisation_name: str
    organisation_handle: str  # the organisation as written in handles


@dataclass
class Result:
    has_rule: bool
    findings: list[str] = field(default_factory=list)
    recheck_due: bool = False
    recheck_on: date | None = None

    @property
    def conforms(self) -> bool:
        return self.has_rule and not self.findings


def person_of(user, organisation, handle_name: str = "") -> Person:
    parts = (user.full_name or "").split()
    return Person(
        first_name=parts[0] if parts else "",
        last_name=" ".join(parts[1:]),
        organisation_name=organisation.name,
        organisation_handle=handle_name or handle_part(organisation.name),
    )


def handle_part(text: str) -> str:
    """A name as it is written in a handle: lower case, no accents, letters and digits only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _link(url: str) -> str:
    url = _normal(url).removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return url.rstrip("/")


def expected_handle(pattern: str, person: Person) -> str | None:
    """The handle the pattern asks of this person, or None when a name it needs is unknown."""
    values = {
        "voornaam": handle_part(person.first_name),
        "achternaam": handle_part(person.last_name),
        "organisatie": person.organisation_handle,
    }
    if any(not values[name] for name in PLACEHOLDER.findall(pattern) if name in values):
        return None
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern).lower()


def _handle_matches(handle: str, pattern: str, person: Person) -> bool:
    handle = handle.strip().lstrip("@").lower()
    expected = expected_handle(pattern, person)
    if expected is not None:
        return handle == expected
    # A name the pattern needs is unknown: check the shape only.
    regex = "".join(
        r"[a-z0-9_]+" if piece in HANDLE_PLACEHOLDERS else re.escape(piece.lower())
        for piece in PLACEHOLDER.split(pattern)
    )
    return re.fullmatch(regex, handle) is not None


def template_parts(template: str) -> list[str]:
    return [line.strip() for line in (template or "").splitlines() if line.strip()]


def bio_findings(bio: str, link: str, template: str, emergency_link: str, person: Person) -> list[str]:
    findings = []
    text = _normal(bio)
    for part in template_parts(template):
        names = set(PLACEHOLDER.findall(part))
        if "werktijden" in names:
            if not HOURS.search(bio or ""):
                findings.append(_("The bio does not give your working hours (for example “Mon–Fri 10–18”)."))
            continue
        if "noodlink" in names:
            target = _link(emergency_link)
            in_bio = target in text.replace("https://", "").replace("http://", "").replace("www.", "")
            if emergency_link and target != _link(link) and not in_bio:
                findings.append(
                    _("The bio does not link to the emergency page (%(link)s).") % {"link": emergency_link}
                )
            continue
        filled = PLACEHOLDER.sub(
            lambda m: {
                "organisatie": person.organisation_name, "voornaam": person.first_name,
                "achternaam": person.last_name,
            }.get(m.group(1), ""),
            part,
        )
        if _normal(filled) in text:
            continue
        if "organisatie" in names and _normal(person.organisation_name) not in text:
            findings.append(_("The bio does not name the organisation."))
        else:
            findings.append(_("The bio lacks “%(part)s”.") % {"part": filled})
    return findings


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def check(profile, rule, person: Person, *, now: datetime | None = None) -> Result:
    """What is off in `profile` against `rule` (None: the organisation has no rule for the platform)."""
    if rule is None:
        return Result(has_rule=False)
    findings = []
    if rule.handle_pattern and not _handle_matches(profile.handle, rule.handle_pattern, person):
        expected = expected_handle(rule.handle_pattern, person)
        if expected:
            findings.append(_("The handle does not follow the pattern %(pattern)s: expected %(expected)s.") % {
                "pattern": rule.handle_pattern, "expected": expected,
            })
        else:
            findings.append(_("The handle does not follow the pattern %(pattern)s.") % {"pattern": rule.handle_pattern})
    findings += bio_findings(profile.bio, profile.link, rule.bio_template, rule.emergency_link, person)
    if rule.must_be_closed and not profile.is_closed:
        findings.append(_("The profile is public; the policy asks for a closed profile."))
    if rule.must_use_logo and not profile.uses_logo:
        findings.append(_("The profile picture is not the organisation's logo."))
    recheck_at = add_months(profile.confirmed_at, rule.recheck_months)
    now = now or timezone.now()
    return Result(
        has_rule=True, findings=findings, recheck_due=recheck_at <= now,
        recheck_on=timezone.localdate(recheck_at),
    )
