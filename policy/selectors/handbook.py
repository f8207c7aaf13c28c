"""Reading the handbook: its versions, the one in force, and the live signal protocols.

An organisation has few versions (one per publication), so they are read in one query and
the current and required versions are picked in Python:

- the current version is the newest one in force (not scheduled for later, not withdrawn);
- the required version is the newest material one in force: members must have acknowledged
  it or a later one. An editorial version after it asks nobody again.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from jongerenwerk.core.models import Membership
from policy.diff import SectionDiff, handbook_diff
from policy.models import Draft, DraftSection, Version, VersionSection

# Part of the cache key of a diff: raise it when the way diffs are made or marked changes.
DIFF_FORMAT = 2
DIFF_CACHE_SECONDS = 7 * 24 * 3600
from signals.models import Category
from signals.selectors.protocols import inform_rules, protocol_rows


def versions_of(organisation_id: int) -> list[Version]:
    """Every version of the organisation, oldest first (without their texts)."""
    return list(
        Version.objects.filter(organisation=organisation_id)
        .select_related("published_by", "approved_by")
        .order_by("number")
    )


def current_of(versions: list[Version], now: datetime | None = None) -> Version | None:
    now = now or timezone.now()
    in_force = [v for v in versions if v.is_effective(now)]
    return in_force[-1] if in_force else None


def required_of(versions: list[Version], now: datetime | None = None) -> Version | None:
    now = now or timezone.now()
    material = [v for v in versions if v.is_material and v.is_effective(now)]
    return material[-1] if material else None


def scheduled_of(versions: list[Version], now: datetime | None = None) -> list[Version]:
    now = now or timezone.now()
    return [v for v in versions if v.withdrawn_at is None and v.effective_at > now]


def with_sections(queryset: QuerySet[Version]) -> QuerySet[Version]:
    return queryset.prefetch_related(Prefetch("sections", queryset=VersionSection.objects.order_by("position")))


def version_page(membership: Membership, pk: int) -> Version:
    """A version of the member's organisation with its sections (404 for any other)."""
    return get_object_or_404(
        with_sections(Version.objects.filter(organisation=membership.organisation_id)
                      .select_related("published_by", "approved_by")),
        pk=pk,
    )


def diff_cache_key(old: Version, new: Version) -> str:
    # The publication times make the key unique even where ids are ever reused (a restored
    # database beside a cache that was not emptied, or tests that roll back).
    stamps = f"{old.created_at.timestamp():.6f}:{new.created_at.timestamp():.6f}"
    return f"policy:diff:{DIFF_FORMAT}:{old.pk}:{new.pk}:{stamps}:{translation.get_language()}"


def versions_diff(old: Version, new: Version) -> list[SectionDiff]:
    """What changed from `old` to `new`, per section. Both versions are immutable, so their
    diff is too: it is computed once (per language of its screen-reader labels) and cached."""
    key = diff_cache_key(old, new)
    diffs = cache.get(key)
    if diffs is None:
        texts = VersionSection.objects.defer("html").order_by("position")
        diffs = handbook_diff(list(texts.filter(version=old)), list(texts.filter(version=new)))
        cache.set(key, diffs, DIFF_CACHE_SECONDS)
    return diffs


def version_with_sections(version: Version) -> Version:
    return with_sections(Version.objects.filter(pk=version.pk)).get()


def draft_page(draft: Draft) -> Draft:
    return Draft.objects.select_related("submitted_by", "reviewed_by").prefetch_related(
        Prefetch("sections", queryset=DraftSection.objects.select_related("updated_by").order_by("position"))
    ).get(pk=draft.pk)


def section_for(membership: Membership, pk: int) -> DraftSection:
    """A draft section of the admin's organisation (404 for any other)."""
    return get_object_or_404(
        DraftSection.objects.select_related("draft"), pk=pk, draft__organisation=membership.organisation_id
    )


@dataclass(frozen=True)
class Protocol:
    """One signal category's protocol as it is in force now, from the signals app."""

    name: str
    kind: str
    is_crime: bool
    rows: list  # (severity label, [short step names])
    inform: list  # InformRule


def protocols_of(organisation_id: int) -> list[Protocol]:
    """The live protocol of every category in use: one source, shown in the handbook and on
    the signal pages, edited only in the signal categories."""
    return [
        Protocol(name=category.name, kind=category.get_kind_display(), is_crime=category.is_crime,
                 rows=protocol_rows(category), inform=inform_rules(category))
        for category in Category.objects.filter(organisation=organisation_id, is_active=True)
    ]


@dataclass(frozen=True)
class VersionState:
    """Where a version stands, for its badge: exactly one of these is true."""

    in_force: bool
    scheduled: bool
    earlier: bool
    withdrawn: bool


def state_of(version: Version, current: Version | None, now: datetime | None = None) -> VersionState:
    now = now or timezone.now()
    withdrawn = version.withdrawn_at is not None
    in_force = not withdrawn and current is not None and version.pk == current.pk
    scheduled = not withdrawn and version.effective_at > now
    return VersionState(in_force=in_force, scheduled=scheduled, withdrawn=withdrawn,
                        earlier=not (withdrawn or in_force or scheduled))
