from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jongerenwerk.core import audit
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.permissions import member_required
from jongerenwerk.core.roles import ADMINISTRATORS, OVERSEERS, YOUTH_WORK
from signals import attachments, categories, export, services, trends
from signals.forms import (
    ActionForm,
    AddendumForm,
    AttachmentForm,
    CategoryForm,
    ConsultationForm,
    ConversationForm,
    DecisionForm,
    FastPathForm,
    FilterForm,
    LegalHoldForm,
    ShareForm,
    SignalForm,
    SignalTrendForm,
    WeighingForm,
)
from signals.models import Step
from signals.permissions import (
    get_action_for,
    get_category_for,
    get_signal_for,
    may_complete_action,
)
from signals.selectors import categories_managed_by, filter_signals, signal_list, signals_visible_to

PAGE_SIZE = 25


@require_GET
@member_required(YOUTH_WORK)
def index(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = FilterForm(request.GET or None, organisation=organisation)
    signals = signal_list(request.user)
    if form.is_valid():
        signals = filter_signals(signals, form.cleaned_data, request.membership)
    page = Paginator(signals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "query_string": query.urlencode(),
        "may_export": request.membership.role in OVERSEERS,
    }
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
    response = StreamingHttpResponse(export.csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename()}"'
    return response


@require_http_methods(["GET", "POST"])
@member_required(YOUTH_WORK)
def create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = SignalForm(request.POST or None, request.FILES or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            signal, is_new = services.signal_create(
                organisation=organisation, reporter=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if is_new:
                messages.success(request, _("The signal is logged. Thank you."))
            return redirect("signals:detail", pk=signal.pk)
    return render(request, "signals/create.html", {"form": form})


def _detail(request: HttpRequest, signal, can, *, forms: dict | None = None, status: int = 200) -> HttpResponse:
    version = {"version": signal.version}
    context = {
        "signal": signal,
        "can": can,
        "consultation_missing": services.consultation_missing(signal) if signal.step == Step.CONSULTATION else None,
        "addendum_form": AddendumForm(),
        "attachment_form": AttachmentForm(),
        "consultation_form": ConsultationForm(),
        "conversation_form": ConversationForm(initial=version),
        "fast_path_form": FastPathForm(initial=version),
        "weighing_form": WeighingForm(initial=version),
        "decision_form": DecisionForm(initial=version, suspicion=signal.q1_suspicion),
        "share_form": ShareForm(),
        "actions": [(action, may_complete_action(request.user, action)) for action in signal.actions.all()],
        "action_form": ActionForm(signal=signal),
        "legal_hold_form": LegalHoldForm(initial={"hold": "nee" if signal.legal_hold else "ja"}),
        "trend_form": SignalTrendForm(organisation=signal.organisation, initial={"trend": signal.trend_id}),
        "may_close": services.may_close(signal),
        "protocol_steps": categories.steps_ahead(signal),
        "protocol_inform": categories.inform_rules(signal.category, since=signal.created_at),
        **(forms or {}),
    }
    return render(request, "signals/detail.html", context, status=status)


@require_GET
@member_required(YOUTH_WORK)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal, can = get_signal_for(request.user, pk)
    if signal.is_sensitive:
        audit.viewed(request.user, signal)
    return _detail(request, signal, can)


def _act(request: HttpRequest, pk: int, ability: str, form_class, form_name: str, action, *, form_kwargs=None):
    """Validate one action's form and call its service; re-render with what was typed on errors."""
    signal, can = get_signal_for(request.user, pk)
    if not getattr(can, ability):
        raise PermissionDenied
    form = form_class(request.POST, **(form_kwargs(signal) if form_kwargs else {}))
    if form.is_valid():
        try:
            action(signal, form.cleaned_data)
        except services.SignalChanged:
            messages.warning(request, _("Someone else changed this signal in the meantime. Look at the new state and try again."))
            return redirect("signals:detail", pk=signal.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("signals:detail", pk=signal.pk)
    return _detail(request, signal, can, forms={form_name: form}, status=422)


@require_POST
@member_required(YOUTH_WORK)
def add_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "add", AddendumForm, "addendum_form",
                lambda s, d: services.addendum_add(signal=s, author=request.user, text=d["text"]))


@require_POST
@member_required(YOUTH_WORK)
def add_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "add", AttachmentForm, "attachment_form",
                lambda s, d: attachments.attachments_add(signal=s, by=request.user, files=d["attachments"]),
                form_kwargs=lambda s: {"files": request.FILES})


@require_GET
@member_required(YOUTH_WORK)
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """The evidence itself, to those who may see the signal; every view is audited."""
    signal, _can = get_signal_for(request.user, pk)
    evidence = get_object_or_404(signal.attachments.all(), pk=attachment_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.viewed(request.user, signal, attachment=evidence.pk)
    # Images open in the browser; PDFs are downloaded, because browsers refuse to show a PDF
    # in a sandboxed page and a PDF must never run in our origin.
    response = FileResponse(
        handle, content_type=evidence.content_type, filename=evidence.original_name,
        as_attachment=evidence.content_type == "application/pdf",
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
    if not can.consult:
        raise PermissionDenied
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_add(signal=signal, author=request.user, weighing=form.cleaned_data["weighing"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = ConsultationForm()
            signal, can = get_signal_for(request.user, pk)
    if request.htmx:
        context = {"signal": signal, "can": can, "consultation_form": form,
                   "consultation_missing": services.consultation_missing(signal)}
        return render(request, "signals/detail.html#consultations", context, status=200 if form.is_valid() or not form.is_bound else 422)
    if form.is_bound and form.errors:
        return _detail(request, signal, can, forms={"consultation_form": form}, status=422)
    messages.success(request, _("Your weighing is recorded."))
    return redirect("signals:detail", pk=pk)


@require_POST
@member_required(YOUTH_WORK)
def complete_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    from signals.forms import VersionForm

    return _act(request, pk, "handle", VersionForm, "complete_form",
                lambda s, d: services.consultation_complete(signal=s, by=request.user, expected_version=d["version"]))


@require_POST
@member_required(YOUTH_WORK)
def record_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "handle", ConversationForm, "conversation_form",
                lambda s, d: services.conversation_record(signal=s, by=request.user, expected_version=d["version"],
                                                          note=d["note"], skipped_reason=d["skipped_reason"]))


@require_POST
@member_required(YOUTH_WORK)
def fast_path(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "handle", FastPathForm, "fast_path_form",
                lambda s, d: services.acute_fast_path(signal=s, by=request.user, expected_version=d["version"],
                                                      reason=d["reason"]))


@require_POST
@member_required(YOUTH_WORK)
def record_weighing(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide", WeighingForm, "weighing_form",
                lambda s, d: services.weighing_record(signal=s, by=request.user, expected_version=d["version"],
                                                      q1=d["q1"], q2=d["q2"]))


@require_POST
@member_required(YOUTH_WORK)
def record_decision(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide", DecisionForm, "decision_form",
                lambda s, d: services.decision_record(signal=s, by=request.user, expected_version=d["version"],
                                                      outcome=d["outcome"], q3=d.get("q3"), q4=d.get("q4"), q5=d.get("q5")),
                form_kwargs=lambda s: {"suspicion": s.q1_suspicion})


@require_POST
@member_required(YOUTH_WORK)
def record_share(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "share", ShareForm, "share_form",
                lambda s, d: services.share_record(signal=s, by=request.user, **d))


@require_POST
@member_required(YOUTH_WORK)
def link_trend(request: HttpRequest, pk: int) -> HttpResponse:
    # Whoever may append to the signal (its reporter, the safeguarding officer) groups it into a trend.
    return _act(request, pk, "add", SignalTrendForm, "trend_form",
                lambda s, d: trends.signal_trend_set(signal=s, trend=d["trend"], by=request.user),
                form_kwargs=lambda s: {"organisation": s.organisation})


@require_GET
@member_required(YOUTH_WORK)
def share_summary(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    """What was handed to a partner, and nothing more: to print or save as PDF."""
    signal, can = get_signal_for(request.user, pk)
    if not can.read_shares:
        raise PermissionDenied
    share = get_object_or_404(signal.shares.all(), pk=share_pk)
    audit.viewed(request.user, signal, share=share.pk)
    return render(request, "signals/share_summary.html", {"signal": signal, "share": share})


@require_POST
@member_required(YOUTH_WORK)
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "plan", ActionForm, "action_form",
                lambda s, d: services.action_add(signal=s, by=request.user, **d),
                form_kwargs=lambda s: {"signal": s})


@require_POST
@member_required(YOUTH_WORK)
def complete_action(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action, may_complete = get_action_for(request.user, pk, action_pk)
    if not may_complete:
        raise PermissionDenied
    if services.action_complete(action=action, by=request.user):
        messages.success(request, _("The action is done."))
    return redirect("signals:detail", pk=pk)


@require_POST
@member_required(YOUTH_WORK)
def legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "hold", LegalHoldForm, "legal_hold_form",
                lambda s, d: services.legal_hold_set(signal=s, by=request.user, **d))


# Categories and their protocols, the admin's ---------------------------------------------


@require_GET
@member_required(ADMINISTRATORS)
def category_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (category, categories.protocol_rows(category), categories.inform_rules(category))
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
            context["saved_now"] = categories.protocol_rows(category)
            context["saved_inform"] = categories.inform_rules(category)
            status = 409
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes are saved. They apply to new signals and to steps taken from now on."))
            return redirect("signals:categories")
    return render(request, "signals/category_form.html", context, status=status)
