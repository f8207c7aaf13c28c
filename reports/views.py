import uuid
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent
from jongerenwerk.core.permissions import member_required
from reports.forms import OnDemandForm, SettingsForm
from reports.models import Kind, ReportSettings
from reports.permissions import (
    OVERVIEW_READERS,
    REPORT_READERS,
    REQUESTERS,
    SETTINGS_EDITORS,
    get_report_for,
    reports_visible_to,
)
from reports.selectors.overview import overview_of
from reports.services import documents, making
from reports.services.settings import report_settings_update

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


@cached_page
@require_GET
@member_required(OVERVIEW_READERS)
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/overview.html", {"panels": overview_of(request.user)})


@require_GET
@member_required(REPORT_READERS)
def index(request: HttpRequest) -> HttpResponse:
    reports = reports_visible_to(request.membership).prefetch_related("files")[:100]
    return render(request, "reports/index.html", {
        "reports": reports, "may_request": request.membership.role in REQUESTERS,
        "may_configure": request.membership.role in SETTINGS_EDITORS,
    })


@require_http_methods(["GET", "POST"])
@member_required(REQUESTERS)
def create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = OnDemandForm(request.POST or None, organisation=organisation, initial={"idempotency_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        report, _created = making.report_request(
            organisation=organisation, kind=Kind.ON_DEMAND, first_day=form.cleaned_data["first_day"],
            last_day=form.cleaned_data["last_day"], by=request.user,
            neighbourhood_ids=[n.pk for n in form.cleaned_data["neighbourhoods"]], parts=form.cleaned_data["parts"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        return redirect("reports:detail", report.pk)
    return render(request, "reports/create.html", {"form": form}, status=422 if form.errors else 200)


@require_GET
@member_required(REPORT_READERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report, can = get_report_for(request.membership, pk)
    context = {"report": report, "can": can}
    if request.htmx:
        return render(request, "reports/detail.html#progress", context)
    return render(request, "reports/detail.html", context)


@require_GET
@member_required(REPORT_READERS)
def download(request: HttpRequest, pk: int, format: str) -> FileResponse:
    report, can = get_report_for(request.membership, pk)
    stored = next((file for file in report.files.all() if file.format == format), None)
    if not can.download or stored is None:
        raise Http404
    path = documents.reports_root() / stored.path
    if not Path(path).is_file():
        raise Http404
    audit.record(request.user, AuditEvent.Action.EXPORT, report, format=format)
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=Path(stored.path).name,
                            content_type=CONTENT_TYPES[format])
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@member_required(SETTINGS_EDITORS)
def settings(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current = ReportSettings.objects.filter(organisation=organisation).first()
    initial = {"nudges": current.nudges if current else False,
               "retention_months": current.retention_months if current else 24}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        report_settings_update(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("The report settings are saved."))
        return redirect("reports:index")
    return render(request, "reports/settings.html", {"form": form}, status=422 if form.errors else 200)
