from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core import audit, reporting
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.pagination import keyset_page
from jongerenwerk.core.permissions import member_required
from jongerenwerk.core.roles import ADMINISTRATORS, OVERSEERS, YOUTH_WORK
from jongerenwerk.core.selectors import youths_matching
from signals import rules
from signals.forms import (
    ActionForm,
    AddendumForm,
    AttachmentForm,
    CategoryForm,
    ConsultationForm,
    ConversationForm,
    DecisionForm,
    DecisionRevisionForm,
    FastPathForm,
    FilterForm,
    LegalHoldForm,
    ShareForm,
    SignalForm,
    SignalTrendForm,
    VersionForm,
    WeighingForm,
)
from signals.permissions import (
    get_action_for,
    get_category_for,
    get_signal_for,
    may_complete_action,
)
from signals.selectors.export import filename as export_filename
from signals.selectors.protocols import (
    categories_managed_by,
    inform_rules,
    protocol_rows,
    steps_ahead,
)
from signals.selectors.record import handling_record, history
from signals.selectors.records import (
    consultation_missing,
    filter_signals,
    signal_list,
    signals_visible_to,
)
from signals.selectors.shares import shared_field_names, shared_fields
from signals.services import (
    actions,
    categories,
    evidence,
    export,
    handling,
    intake,
    retention,
    shares,
    trends,
)

PAGE_SIZE = 25


@cached_page
@require_GET
@member_required(YOUTH_WORK)
def index(request: HttpRequest) -> HttpResponse:
    """The list, newest first, by pages of keys; the filter form is rendered only when asked for
    (its choices were most of the page's time), the filters in force are said in words."""
    organisation = request.membership.organisation
    query = request.GET.copy()
    for control in ("after", "filters", "part"):
        query.pop(control, None)
    form = FilterForm(query or None, organisation=organisation)
    signals = signal_list(request.user)
    if form.is_valid():
        signals = filter_signals(signals, form.cleaned_data, request.membership)
    context = {
        "form": form, "query_string": query.urlencode(),
        # Each row links to reverse("signals:detail"): the prefix once, not 25 reverses per page.
        "signals_url": reverse("signals:index"), "no_neighbourhood": _("no neighbourhood"),
        "show_form": request.GET.get("filters") == "1", "active_filters": form.active_filters(),
        "may_export": request.membership.role in OVERSEERS,
        "tab": {"": "all", "status=open": "open", "scope=mine": "mine"}.get(query.urlencode()),
    }
    if request.htmx and request.GET.get("part") == "filters":
        return render(request, "signals/index.html#filters", context)
    context["page"] = keyset_page(signals, cursor=request.GET.get("after"), size=PAGE_SIZE, field="observed_at")
    template = "signals/index.html#results" if request.htmx else "signals/index.html"
    return render(request, template, context)


@require_GET
@member_required(OVERSEERS)
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The list as filtered on the page, streamed; invalid filters are ignored, as on the page."""
    organisation = request.membership.organisation
    form = FilterForm(request.GET or None, organisation=organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    signals = filter_signals(signals_visible_to(request.user), filters, request.membership)
    rows = export.signals_export(by=request.user, organisation=organisation, signals=signals, filters=filters)
    return reporting.csv_response(rows, export_filename())


@cached_page
@require_http_methods(["GET", "POST"])
@member_required(YOUTH_WORK)
def create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    if "search_youths" in request.POST:
        # The young-person search without JavaScript: the form comes back as typed, with results.
        return create_page(request, SignalForm(request.POST, organisation=organisation, user=request.user),
                            searched=True)
    form = SignalForm(request.POST or None, request.FILES or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            signal, is_new = intake.signal_create(
                organisation=organisation, reporter=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if is_new:
                messages.success(request, _("The signal is logged. Thank you."))
            else:
                messages.info(request, _("This signal was logged already, so it is not stored twice. Here it is."))
            return redirect("signals:detail", pk=signal.pk)
    return create_page(request, form)


def create_page(request: HttpRequest, form: SignalForm, *, searched: bool = False) -> HttpResponse:
    """The signal form's page with its young-person picker (also for forms filled in elsewhere,
    as from a contact): the young people chosen so far and, after a search, what was found."""
    query = request.POST.get("youths_q", "").strip() if searched else ""
    context = {
        "form": form, "searched": searched, "youth_query": query, "chosen_youths": form.chosen_youths(),
        "youth_results": youths_matching(request.user, query) if query else [],
    }
    return render(request, "signals/create.html", context)


# The folded sections' forms, rendered only when asked for (htmx: ?part=, without it: ?open=) or
# when they come back with errors: the template that holds each, and its context name.
LAZY_FORMS = {
    "addenda": ("signals/detail.html", "addendum_form"),
    "shares": ("signals/detail.html", "share_form"),
    "hold": ("signals/detail.html", "legal_hold_form"),
    "actions": ("signals/_actions.html", "action_form"),
    "trend": ("signals/_trend.html", "trend_form"),
    "evidence": ("signals/_attachments.html", "attachment_form"),
    "revision": ("signals/_next_step.html", "revision_form"),
    "fast-path": ("signals/_next_step.html", "fast_path_form"),
}


def _detail(
    request: HttpRequest, signal, can, *, forms: dict | None = None, status: int = 200, unsaved: list | None = None
) -> HttpResponse:
    version = {"version": signal.version}
    opened = {request.GET.get("open", "")} | {part for part, (_t, name) in LAZY_FORMS.items() if name in (forms or {})}
    context = {
        "opened": opened,
        "unsaved": unsaved or [],
        "signal": signal,
        "can": can,
        "consultation_missing": consultation_missing(signal) if can.complete_consultation else None,
        "addendum_form": AddendumForm(),
        "attachment_form": AttachmentForm(),
        "consultation_form": ConsultationForm(),
        "conversation_form": ConversationForm(initial=version),
        "fast_path_form": FastPathForm(initial=version),
        "weighing_form": WeighingForm(initial=version),
        "decision_form": DecisionForm(initial=version, suspicion=signal.q1_suspicion),
        "revision_form": DecisionRevisionForm(initial=version, suspicion=signal.q1_suspicion, auto_id="id_revision_%s"),
        "share_form": ShareForm(),
        "report_form": ShareForm.for_report(),
        "record": handling_record(signal),
        "history": history(signal),
        "shares": [(share, shared_field_names(share)) for share in signal.shares.all()],
        "actions": [(action, may_complete_action(request.user, action)) for action in signal.actions.all()],
        "action_form": ActionForm(signal=signal),
        "legal_hold_form": LegalHoldForm(initial={"hold": "nee" if signal.legal_hold else "ja"}),
        "trend_form": SignalTrendForm(organisation=signal.organisation, initial={"trend": signal.trend_id}),
        "protocol_steps": steps_ahead(signal),
        "protocol_inform": inform_rules(signal.category, since=signal.created_at),
        **(forms or {}),
    }
    part = request.GET.get("part", "")
    if request.htmx and part in LAZY_FORMS:
        context["opened"] = {part}
        return render(request, f"{LAZY_FORMS[part][0]}#form-{part}", context, status=status)
    return render(request, "signals/detail.html", context, status=status)


@cached_page
@require_GET
@member_required(YOUTH_WORK)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if rules.is_sensitive(signal.severity, signal.category):
        audit.viewed(request.user, signal)
    return _detail(request, signal, can)


# Each action on the signal page: check the person's part in the signal (403 without one),
# validate the form, call its one service. What was typed comes back with the reason when
# the service refuses (422); a change by someone else in the meantime is said as such.


def _saved(request: HttpRequest, signal, message: str | None = None) -> HttpResponse:
    messages.success(request, message or _("Saved."))
    return redirect("signals:detail", pk=signal.pk)


def _refused(request: HttpRequest, signal, can, form_name: str, form, error: Exception | None = None) -> HttpResponse:
    if isinstance(error, handling.SignalChanged):
        return _changed_meanwhile(request, signal, form_name, form)
    if error is not None:
        apply_errors(form, error)
    return _detail(request, signal, can, forms={form_name: form}, status=422)


def _changed_meanwhile(request: HttpRequest, signal, form_name: str, form) -> HttpResponse:
    """Someone else changed the signal first: show its new state, and keep what this person
    typed, in their form where the step is still open and above the page in any case."""
    signal, can = get_signal_for(request.user, signal.pk)
    unsaved = [
        (form[name].label, value) for name, value in form.cleaned_data.items()
        if name != "version" and isinstance(value, str) and value.strip()
    ]
    data = request.POST.copy()
    data["version"] = signal.version  # sending it again is a choice made with the new state in view
    form.data = data
    messages.warning(request, _("Someone else changed this signal in the meantime. Look at the new state and try again."))
    return _detail(request, signal, can, forms={form_name: form}, status=409, unsaved=unsaved)


@require_POST
@member_required(YOUTH_WORK)
def add_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.handler:
        raise PermissionDenied
    form = AddendumForm(request.POST)
    if not form.is_valid():
        return _refused(request, signal, can, "addendum_form", form)
    try:
        intake.addendum_add(signal=signal, author=request.user, text=form.cleaned_data["text"])
    except ValidationError as error:
        return _refused(request, signal, can, "addendum_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def add_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.handler:
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, signal, can, "attachment_form", form)
    try:
        evidence.attachments_add(signal=signal, by=request.user, files=form.cleaned_data["attachments"])
    except ValidationError as error:
        return _refused(request, signal, can, "attachment_form", form, error)
    return _saved(request, signal)


@require_GET
@member_required(YOUTH_WORK)
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """The evidence itself, to those who may see the signal; every view is audited."""
    signal, _can = get_signal_for(request.user, pk)
    evidence_file = get_object_or_404(signal.attachments.all(), pk=attachment_pk)
    try:
        handle = evidence_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.viewed(request.user, signal, attachment=evidence_file.pk)
    # Images open in the browser; PDFs are downloaded, because browsers refuse to show a PDF
    # in a sandboxed page and a PDF must never run in our origin.
    response = FileResponse(
        handle, content_type=evidence_file.content_type, filename=evidence_file.original_name,
        as_attachment=evidence_file.content_type == "application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a file still carry script, it runs in an opaque origin without our cookies.
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_POST
@member_required(YOUTH_WORK)
def add_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.colleague:
        raise PermissionDenied
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            handling.consultation_add(signal=signal, author=request.user, weighing=form.cleaned_data["weighing"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = ConsultationForm()
            signal, can = get_signal_for(request.user, pk)
    status = 422 if form.errors else 200
    if request.htmx:
        context = {"signal": signal, "can": can, "consultation_form": form, "consultations_open": True,
                   "consultation_missing": consultation_missing(signal) if can.complete_consultation else None}
        return render(request, "signals/detail.html#consultations", context, status=status)
    if form.errors:
        return _detail(request, signal, can, forms={"consultation_form": form}, status=422)
    return _saved(request, signal, _("Your weighing is recorded."))


@require_POST
@member_required(YOUTH_WORK)
def complete_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.handler:
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refused(request, signal, can, "complete_form", form)
    try:
        handling.consultation_complete(signal=signal, by=request.user, expected_version=form.cleaned_data["version"])
    except (ValidationError, handling.SignalChanged) as error:
        return _refused(request, signal, can, "complete_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def record_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.handler:
        raise PermissionDenied
    form = ConversationForm(request.POST)
    if not form.is_valid():
        return _refused(request, signal, can, "conversation_form", form)
    data = form.cleaned_data
    try:
        handling.conversation_record(signal=signal, by=request.user, expected_version=data["version"],
                                     note=data["note"], skipped_reason=data["skipped_reason"])
    except (ValidationError, handling.SignalChanged) as error:
        return _refused(request, signal, can, "conversation_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def fast_path(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.handler:
        raise PermissionDenied
    form = FastPathForm(request.POST)
    if not form.is_valid():
        return _refused(request, signal, can, "fast_path_form", form)
    try:
        handling.acute_fast_path(signal=signal, by=request.user, expected_version=form.cleaned_data["version"],
                                 reason=form.cleaned_data["reason"])
    except (ValidationError, handling.SignalChanged) as error:
        return _refused(request, signal, can, "fast_path_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def record_weighing(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.decider:
        raise PermissionDenied
    form = WeighingForm(request.POST)
    if not form.is_valid():
        return _refused(request, signal, can, "weighing_form", form)
    data = form.cleaned_data
    try:
        handling.weighing_record(signal=signal, by=request.user, expected_version=data["version"],
                                 q1=data["q1"], q2=data["q2"])
    except (ValidationError, handling.SignalChanged) as error:
        return _refused(request, signal, can, "weighing_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def record_decision(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.decider:
        raise PermissionDenied
    form = DecisionForm(request.POST, suspicion=signal.q1_suspicion)
    if not form.is_valid():
        return _refused(request, signal, can, "decision_form", form)
    data = form.cleaned_data
    try:
        handling.decision_record(signal=signal, by=request.user, expected_version=data["version"],
                                 outcome=data["outcome"], reasoning=data["reasoning"],
                                 q3=data.get("q3"), q4=data.get("q4"), q5=data.get("q5"))
    except (ValidationError, handling.SignalChanged) as error:
        return _refused(request, signal, can, "decision_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def revise_decision(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.decider:
        raise PermissionDenied
    form = DecisionRevisionForm(request.POST, suspicion=signal.q1_suspicion, auto_id="id_revision_%s")
    if not form.is_valid():
        return _refused(request, signal, can, "revision_form", form)
    data = form.cleaned_data
    try:
        handling.decision_revise(signal=signal, by=request.user, expected_version=data["version"],
                                 outcome=data["outcome"], reasoning=data["reasoning"],
                                 revision_reason=data["revision_reason"],
                                 q3=data.get("q3"), q4=data.get("q4"), q5=data.get("q5"))
    except (ValidationError, handling.SignalChanged) as error:
        return _refused(request, signal, can, "revision_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def record_share(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.officer:
        raise PermissionDenied
    # The report to Veilig Thuis is the same form, sent from the next step's card.
    as_report = request.POST.get("as") == "report"
    form_name = "report_form" if as_report else "share_form"
    form = ShareForm(request.POST, auto_id="id_report_%s") if as_report else ShareForm(request.POST)
    if not form.is_valid():
        return _refused(request, signal, can, form_name, form)
    try:
        shares.share_record(signal=signal, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, signal, can, form_name, form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def link_trend(request: HttpRequest, pk: int) -> HttpResponse:
    # Whoever may append to the signal (its reporter, the safeguarding officer) groups it into a trend.
    signal, can = get_signal_for(request.user, pk)
    if not can.handler:
        raise PermissionDenied
    form = SignalTrendForm(request.POST, organisation=signal.organisation)
    if not form.is_valid():
        return _refused(request, signal, can, "trend_form", form)
    try:
        trends.signal_trend_set(signal=signal, trend=form.cleaned_data["trend"], by=request.user)
    except ValidationError as error:
        return _refused(request, signal, can, "trend_form", form, error)
    return _saved(request, signal)


@require_GET
@member_required(YOUTH_WORK)
def share_summary(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    """What was handed to a partner, and nothing more: to print or save as PDF."""
    signal, can = get_signal_for(request.user, pk)
    if not can.read_shares:
        raise PermissionDenied
    share = get_object_or_404(signal.shares.all(), pk=share_pk)
    audit.viewed(request.user, signal, share=share.pk)
    context = {"signal": signal, "share": share, "fields": shared_fields(share)}
    return render(request, "signals/share_summary.html", context)


@require_POST
@member_required(YOUTH_WORK)
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.handler:
        raise PermissionDenied
    form = ActionForm(request.POST, signal=signal)
    if not form.is_valid():
        return _refused(request, signal, can, "action_form", form)
    try:
        actions.action_add(signal=signal, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, signal, can, "action_form", form, error)
    return _saved(request, signal)


@require_POST
@member_required(YOUTH_WORK)
def complete_action(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action, may_complete = get_action_for(request.user, pk, action_pk)
    if not may_complete:
        raise PermissionDenied
    if actions.action_complete(action=action, by=request.user):
        messages.success(request, _("The action is done."))
    return redirect("signals:detail", pk=pk)


@require_POST
@member_required(YOUTH_WORK)
def legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if not can.officer:
        raise PermissionDenied
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        return _refused(request, signal, can, "legal_hold_form", form)
    try:
        retention.legal_hold_set(signal=signal, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, signal, can, "legal_hold_form", form, error)
    return _saved(request, signal)


# Categories and their protocols, the admin's ---------------------------------------------


@require_GET
@member_required(ADMINISTRATORS)
def category_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (category, protocol_rows(category), inform_rules(category))
        for category in categories_managed_by(request.membership)
    ]
    return render(request, "signals/categories.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def category_create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    draft = categories.category_draft(organisation)
    form = CategoryForm(request.POST or None, initial=CategoryForm.initial_for(draft))
    if request.method == "POST" and form.is_valid():
        try:
            category = categories.category_create(organisation=organisation, by=request.user, **form.category_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The category %(name)s is added.") % {"name": category.name})
            return redirect("signals:categories")
    return render(request, "signals/category_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_category_for(request.membership, pk)
    form = CategoryForm(request.POST or None, initial=CategoryForm.initial_for(category))
    context, status = {"form": form, "category": category}, 200
    if request.method == "POST" and form.is_valid():
        try:
            categories.category_update(
                category=category, by=request.user, fingerprint_loaded=form.cleaned_data["fingerprint"],
                **form.category_fields(),
            )
        except categories.CategoryChanged:
            category.refresh_from_db()
            form.refuse_as_stale(category)
            context["saved_now"] = protocol_rows(category)
            context["saved_inform"] = inform_rules(category)
            status = 409
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes are saved. They apply to new signals and to steps taken from now on."))
            return redirect("signals:categories")
    return render(request, "signals/category_form.html", context, status=status)
