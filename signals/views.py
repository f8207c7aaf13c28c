from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jongerenwerk.core import audit
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.permissions import member_required
from signals import export, services
from signals.forms import (
    AddendumForm,
    ConsultationForm,
    ConversationForm,
    DecisionForm,
    FastPathForm,
    FilterForm,
    ShareForm,
    SignalForm,
    WeighingForm,
)
from signals.models import Step
from signals.permissions import EXPORT_ROLES, SIGNAL_ROLES, get_signal_for
from signals.selectors import filter_signals, signal_list, signals_visible_to

PAGE_SIZE = 25


@require_GET
@member_required(SIGNAL_ROLES)
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
        "may_export": request.membership.role in EXPORT_ROLES,
    }
    template = "signals/index.html#results" if request.htmx else "signals/index.html"
    return render(request, template, context)


@require_GET
@member_required(EXPORT_ROLES)
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
@member_required(SIGNAL_ROLES)
def create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = SignalForm(request.POST or None, organisation=organisation, user=request.user)
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
        "consultation_form": ConsultationForm(),
        "conversation_form": ConversationForm(initial=version),
        "fast_path_form": FastPathForm(initial=version),
        "weighing_form": WeighingForm(initial=version),
        "decision_form": DecisionForm(initial=version, suspicion=signal.q1_suspicion),
        "share_form": ShareForm(),
        "may_close": services.may_close(signal),
        **(forms or {}),
    }
    return render(request, "signals/detail.html", context, status=status)


@require_GET
@member_required(SIGNAL_ROLES)
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
@member_required(SIGNAL_ROLES)
def add_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "add", AddendumForm, "addendum_form",
                lambda s, d: services.addendum_add(signal=s, author=request.user, text=d["text"]))


@require_POST
@member_required(SIGNAL_ROLES)
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
@member_required(SIGNAL_ROLES)
def complete_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    from signals.forms import VersionForm

    return _act(request, pk, "handle", VersionForm, "complete_form",
                lambda s, d: services.consultation_complete(signal=s, by=request.user, expected_version=d["version"]))


@require_POST
@member_required(SIGNAL_ROLES)
def record_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "handle", ConversationForm, "conversation_form",
                lambda s, d: services.conversation_record(signal=s, by=request.user, expected_version=d["version"],
                                                          note=d["note"], skipped_reason=d["skipped_reason"]))


@require_POST
@member_required(SIGNAL_ROLES)
def fast_path(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "handle", FastPathForm, "fast_path_form",
                lambda s, d: services.acute_fast_path(signal=s, by=request.user, expected_version=d["version"],
                                                      reason=d["reason"]))


@require_POST
@member_required(SIGNAL_ROLES)
def record_weighing(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide", WeighingForm, "weighing_form",
                lambda s, d: services.weighing_record(signal=s, by=request.user, expected_version=d["version"],
                                                      q1=d["q1"], q2=d["q2"]))


@require_POST
@member_required(SIGNAL_ROLES)
def record_decision(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide", DecisionForm, "decision_form",
                lambda s, d: services.decision_record(signal=s, by=request.user, expected_version=d["version"],
                                                      outcome=d["outcome"], q3=d.get("q3"), q4=d.get("q4"), q5=d.get("q5")),
                form_kwargs=lambda s: {"suspicion": s.q1_suspicion})


@require_POST
@member_required(SIGNAL_ROLES)
def record_share(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "share", ShareForm, "share_form",
                lambda s, d: services.share_record(signal=s, by=request.user, **d))
