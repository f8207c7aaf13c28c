"""The handbook's pages: reading, acknowledging, comparing, editing, publishing, approving."""

from dataclasses import dataclass
from functools import cache

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.permissions import member_required
from jongerenwerk.core.roles import ADMINISTRATORS
from policy import markdown
from policy.diff import handbook_diff, has_changes
from policy.forms import CompareForm, PublishForm, ReviewForm, SectionForm, SettingsForm
from policy.models import Draft, SectionKey, Version, VersionSection
from policy.permissions import OVERSEERS_OF_POLICY, REVIEWERS, abilities
from policy.selectors.acknowledgements import ACKNOWLEDGED, OVERDUE, overview_of, standing_of
from policy.selectors.handbook import (
    current_of,
    draft_page,
    protocols_of,
    scheduled_of,
    section_for,
    state_of,
    version_page,
    version_with_sections,
    versions_diff,
    versions_of,
)
from policy.services import acknowledgements, handbook


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    html: SafeString
    protocols: list | None  # the live signal protocols, for the signals section


def _sections(version: Version) -> list[SectionView]:
    protocols = None
    views = []
    for section in version.sections.all():
        if section.key == SectionKey.SIGNALS and protocols is None:
            protocols = protocols_of(version.organisation_id)
        views.append(SectionView(
            key=section.key, title=section.title, html=markdown.safe(section.html),
            protocols=protocols if section.key == SectionKey.SIGNALS else None,
        ))
    return views


# Reading -----------------------------------------------------------------------------------


@cached_page
@require_GET
@member_required()
def index(request: HttpRequest) -> HttpResponse:
    """The handbook in force, where the member stands with it, and the way to acknowledge it."""
    membership = request.membership
    versions = versions_of(membership.organisation_id)
    standing = standing_of(request.user, membership, versions=versions)
    current = version_with_sections(standing.current) if standing.current else None
    context = {
        "version": current,
        "sections": _sections(current) if current else [],
        "standing": standing,
        "scheduled": scheduled_of(versions),
        "can": abilities(membership, waiting_for_review=_waiting(membership)),
    }
    return render(request, "policy/index.html", context)


def _waiting(membership) -> bool:
    return Draft.objects.filter(organisation=membership.organisation_id, state=Draft.State.SUBMITTED).exists()


@require_GET
@member_required()
def versions(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    all_versions = versions_of(membership.organisation_id)
    current = current_of(all_versions)
    rows = []
    previous = None
    for version in all_versions:
        rows.append((version, previous, state_of(version, current)))
        if not version.is_withdrawn:
            previous = version
    context = {"rows": list(reversed(rows)), "can": abilities(membership)}
    return render(request, "policy/versions.html", context)


@require_GET
@member_required()
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    version = version_page(membership, pk)
    all_versions = versions_of(membership.organisation_id)
    context = {
        "version": version, "sections": _sections(version),
        "state": state_of(version, current_of(all_versions)), "can": abilities(membership),
    }
    return render(request, "policy/version.html", context)


@cached_page
@require_GET
@member_required()
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between this version and another (by default the one before it), per section."""
    membership = request.membership
    all_versions = versions_of(membership.organisation_id)
    version = next((v for v in all_versions if v.pk == pk), None)
    others = [v for v in all_versions if v.pk != pk and not v.is_withdrawn]
    if version is None or not others:
        raise Http404
    form = CompareForm(request.GET or None, versions=Version.objects.filter(pk__in=[v.pk for v in others]))
    if form.is_valid():
        other = form.cleaned_data["met"]
    else:
        earlier = [v for v in others if v.number < version.number]
        other = earlier[-1] if earlier else others[0]
        form = CompareForm(initial={"met": other.pk}, versions=form.fields["met"].queryset)
    old, new = (other, version) if other.number < version.number else (version, other)
    standing = standing_of(request.user, membership, versions=all_versions)
    context = {
        "version": version, "old": old, "new": new, "form": form, "diffs": versions_diff(old, new),
        "standing": standing,
        # Acknowledge here when this diff leads to the version in force that the member is asked to read.
        "acknowledge": standing.is_asked and standing.current is not None and new.pk == standing.current.pk,
    }
    return render(request, "policy/diff.html", context)


@require_POST
@member_required()
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    version = version_page(membership, pk)
    try:
        _ack, is_new = acknowledgements.acknowledgement_record(user=request.user, membership=membership, version=version)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return redirect("policy:index")
    if is_new:
        messages.success(request, _("Thank you: you have acknowledged version %(number)s of the handbook.")
                         % {"number": version.number})
    return redirect("policy:index")


# Editing and publishing: the admin's --------------------------------------------------------


@require_GET
@member_required(ADMINISTRATORS)
def draft(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current_draft = draft_page(handbook.draft_of(organisation))
    all_versions = versions_of(organisation.pk)
    context = {
        "draft": current_draft,
        "settings": handbook.settings_of(organisation),
        "scheduled": scheduled_of(all_versions),
        "current": current_of(all_versions),
        "can": abilities(request.membership, waiting_for_review=current_draft.is_submitted),
    }
    return render(request, "policy/draft.html", context)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = section_for(request.membership, pk)
    form = SectionForm(request.POST or None, initial=SectionForm.initial_for(section))
    context, status = {"section": section, "form": form}, 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handbook.section_update(section=section, by=request.user, title=data["title"], body=data["body"],
                                    expected_revision=data["revision"])
        except handbook.SectionChanged as changed:
            form.refuse_as_stale(changed.current)
            context["saved_now"] = changed.current
            context["saved_html"] = markdown.safe(markdown.render(changed.current.body))
            status = 409
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            messages.success(request, _("The section is saved in the draft. Publish the draft to make it the handbook."))
            return redirect("policy:draft")
    elif form.errors:
        status = 422
    if "saved_html" not in context:
        context["preview"] = markdown.safe(markdown.render(section.body))
    return render(request, "policy/section_form.html", context, status=status)


def _draft_diff(organisation, current_draft):
    latest = Version.objects.filter(organisation=organisation, withdrawn_at=None).order_by("-number").first()
    published = list(VersionSection.objects.filter(version=latest).defer("html")) if latest else []
    diffs = handbook_diff(published, list(current_draft.sections.all()))
    return latest, diffs


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def publish(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    settings = handbook.settings_of(organisation)
    current_draft = draft_page(handbook.draft_of(organisation))
    form = PublishForm(request.POST or None, initial={
        "revision": current_draft.revision, "acknowledge_within_days": settings.acknowledge_within_days,
    })
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version, _done = handbook.publication_request(
                draft=current_draft, by=request.user, expected_revision=data["revision"], summary=data["summary"],
                is_material=data["is_material"], acknowledge_within_days=data["acknowledge_within_days"],
                effective_on=data["effective_on"],
            )
        except handbook.DraftChanged:
            form.add_error(None, _("The draft changed while you were reading it. Look at the changes again; "
                                   "what you typed is still here."))
            form.data = form.data.copy()
            form.data["revision"] = current_draft.revision
            status = 409
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            if version is None:
                messages.success(request, _("The new version waits for a manager's approval."))
                return redirect("policy:draft")
            messages.success(request, _("Version %(number)s of the handbook is published.") % {"number": version.number})
            return redirect("policy:version", pk=version.pk)
    elif form.errors:
        status = 422
    latest, diffs = _draft_diff(organisation, current_draft)
    context = {
        "form": form, "draft": current_draft, "latest": latest, "diffs": diffs, "changed": has_changes(diffs),
        "four_eyes": settings.four_eyes,
    }
    return render(request, "policy/publish.html", context, status=status)


@require_POST
@member_required(ADMINISTRATORS)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_page(request.membership, pk)
    try:
        if handbook.version_withdraw(version=version, by=request.user):
            messages.success(request, _("Version %(number)s is withdrawn.") % {"number": version.number})
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    return redirect("policy:draft")


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def settings(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current = handbook.settings_of(organisation)
    form = SettingsForm(request.POST or None, instance=current)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            handbook.settings_update(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            messages.success(request, _("The policy settings are saved."))
            return redirect("policy:draft")
    elif form.errors:
        status = 422
    return render(request, "policy/settings.html", {"form": form}, status=status)


# Approving: the manager's -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required(REVIEWERS)
def review(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current_draft = draft_page(handbook.draft_of(organisation))
    form = ReviewForm(request.POST or None, initial={"revision": current_draft.submitted_revision})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "goedkeuren":
                version = handbook.draft_approve(draft=current_draft, by=request.user,
                                                 expected_revision=data["revision"], comment=data["comment"])
                messages.success(request, _("Approved: version %(number)s of the handbook is published.")
                                 % {"number": version.number})
                return redirect("policy:version", pk=version.pk)
            handbook.draft_reject(draft=current_draft, by=request.user, expected_revision=data["revision"],
                                  comment=data["comment"])
            messages.success(request, _("The draft is sent back with your comment."))
            return redirect("policy:index")
        except handbook.DraftChanged:
            form.add_error(None, _("The draft changed after it was offered for approval. Look at it again."))
            status = 409
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
    elif form.errors:
        status = 422
    latest, diffs = _draft_diff(organisation, current_draft)
    context = {"form": form, "draft": current_draft, "latest": latest, "diffs": diffs}
    return render(request, "policy/review.html", context, status=status)


# The overview of acknowledgements: the manager's and the admin's ---------------------------


@dataclass(frozen=True)
class MemberLine:
    name: str
    role: str
    status: str
    badge: str  # the badge's CSS class
    acknowledged: str


def _member_lines(overview) -> list[MemberLine]:
    """Each member's line, with its texts made here: few distinct dates recur across hundreds
    of members, so each text is translated and formatted once, not once per member."""

    @cache
    def status(kind: str, due) -> tuple[str, str]:
        day = date_format(due, "j F Y") if due else ""
        if kind == ACKNOWLEDGED:
            return _("acknowledged"), "badge-ok"
        if kind == OVERDUE:
            return _("overdue, was due %(date)s") % {"date": day}, "badge-off"
        return _("pending, due %(date)s") % {"date": day}, ""

    @cache
    def acknowledged(number: int | None, day) -> str:
        if number is None:
            return _("never acknowledged")
        return _("acknowledged version %(number)s on %(date)s") % {"number": number, "date": date_format(day, "j F Y")}

    lines = []
    for row in overview.rows:
        text, badge = status(row.status, row.due_on)
        day = timezone.localdate(row.acknowledged_at) if row.acknowledged_at else None
        lines.append(MemberLine(
            name=row.membership.user.get_full_name(), role=row.membership.get_role_display(), status=text,
            badge=badge, acknowledged=acknowledged(row.acknowledged_number, day),
        ))
    return lines


@cached_page
@require_GET
@member_required(OVERSEERS_OF_POLICY)
def acknowledgement_overview(request: HttpRequest) -> HttpResponse:
    overview = overview_of(request.membership.organisation)
    return render(request, "policy/acknowledgements.html", {"overview": overview, "lines": _member_lines(overview)})
