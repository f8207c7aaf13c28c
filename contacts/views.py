from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import channels as channel_table
from contacts.charts import BarChart, TrendChart
from contacts.forms import (
    ContactForm,
    ContactSettingsForm,
    EmergencyPageForm,
    HelpLineForm,
    ImportForm,
    WorkerHoursForm,
)
from contacts.hours import describe
from contacts.models import Character, Contact, FormOfWork, InitiatedBy
from contacts.permissions import (
    IMPORTERS,
    MANAGERS,
    REGISTRARS,
    get_contact_for,
    get_field_worker_for,
    get_help_line_for,
    get_import_for,
)
from contacts.selectors import dashboards
from contacts.templatetags import contacts_figures
from contacts.selectors.records import (
    PAGE_SIZE,
    contact_list,
    last_contact,
    last_topics_of,
    linked_signals,
    recent_youths_of,
    youth_timeline,
)
from contacts.selectors.settings import (
    channels_in_use,
    emergency_page_of,
    field_workers_with_hours,
    help_lines_of,
    hours_of,
    settings_of,
)
from contacts.services import imports, records, team
from contacts.services import settings as settings_services
from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core import audit
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.permissions import get_youth_for, member_required
from jongerenwerk.core.roles import ADMINISTRATORS, YOUTH_WORK
from jongerenwerk.core.selectors import youths_visible_to
from signals.forms import SignalForm
from signals.views import create_page as signal_create_page
from signals.services import intake

DEFAULT_DURATION = 10


# Contacts ------------------------------------------------------------------------------------


def _cursor(value: str | None) -> tuple[datetime, int] | None:
    """The keyset cursor `<ISO moment>~<id>` of the list's "older" link, or None."""
    moment, _sep, pk = (value or "").partition("~")
    parsed = parse_datetime(moment) if moment else None
    return (parsed, int(pk)) if parsed is not None and pk.isdigit() else None


@cached_page
@require_GET
@member_required(YOUTH_WORK)
def index(request: HttpRequest) -> HttpResponse:
    rows = contact_list(request.user, before=_cursor(request.GET.get("voor")))
    page, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    role = request.membership.role
    context = {
        "contacts": page,
        "older": f"{page[-1].started_at.isoformat()}~{page[-1].pk}" if more else None,
        "is_first_page": "voor" not in request.GET,
        "can": {"register": role in REGISTRARS, "team": role in MANAGERS, "import": role in IMPORTERS,
                "see_workers": role not in REGISTRARS},
    }
    return render(request, "contacts/index.html", context)


def _defaults(user, youth) -> tuple[dict, Contact | None]:
    """The form's defaults: the worker's last channel and duration; with a young person, their
    last topics, and the character and forms of work of the worker's last contact with them."""
    last = last_contact(worker=user)
    last_with = last_contact(worker=user, youth=youth) if youth is not None else None
    defaults = {
        "channel": last.channel if last else channel_table.Channel.WHATSAPP,
        "duration_minutes": (last_with or last).duration_minutes if (last_with or last) else DEFAULT_DURATION,
        "initiated_by": last_with.initiated_by if last_with else InitiatedBy.YOUTH,
        "character": last_with.character if last_with else Character.SUPPORTIVE,
        "forms_of_work": last_with.forms_of_work if last_with else [FormOfWork.GUIDANCE],
        "topics": last_topics_of(user, youth) if youth is not None else [],
    }
    if youth is not None:
        defaults["youth"] = youth
    return defaults, last_with


@cached_page
@require_http_methods(["GET", "POST"])
@member_required(REGISTRARS)
def create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    youth = None
    chosen = request.GET.get("jongere", "")
    if chosen.isdigit():
        youth = youths_visible_to(request.user).filter(pk=chosen).first()
    defaults, last_with = _defaults(request.user, youth)
    channels = channels_in_use(organisation)
    if defaults["channel"] not in channels:
        defaults["channel"] = channels[0]
    recent = recent_youths_of(request.user)
    form = ContactForm(request.POST or None, initial=defaults, organisation=organisation, user=request.user,
                       channels=channels, recent=recent)
    status = 200
    if request.method == "POST":
        result = None
        try:
            if request.POST.get("repeat"):
                result = _repeat(request, form)
            elif form.is_valid():
                result = records.contact_create(organisation=organisation, worker=request.user, **form.contact_fields())
        except ValidationError as error:
            apply_errors(form, error)
        if result is not None:
            contact, is_new = result
            if is_new:
                messages.success(request, _("The contact is saved."))
            return redirect(f"{reverse('contacts:create')}?opgeslagen={contact.pk}")
        status = 422
    saved = request.GET.get("opgeslagen", "")
    context = {
        "form": form, "youth": youth, "last_with": last_with, "recent": recent,
        "saved": Contact.objects.filter(worker=request.user, pk=saved).select_related("youth").first()
        if saved.isdigit() else None,
    }
    return render(request, "contacts/create.html", context, status=status)


def _repeat(request: HttpRequest, form: ContactForm):
    """"Same as last time": the worker's own earlier contact, repeated now."""
    last = get_object_or_404(Contact, pk=request.POST["repeat"], worker=request.user) \
        if request.POST["repeat"].isdigit() else None
    key = form["idempotency_key"].value()
    try:
        key = form.fields["idempotency_key"].clean(key)
    except ValidationError:
        raise ValidationError(_("The form is out of date. Open it again.")) from None
    if last is None:
        raise Http404
    return records.contact_repeat(organisation=request.membership.organisation, worker=request.user,
                                  idempotency_key=key, last=last)


@cached_page
@require_GET
@member_required(YOUTH_WORK)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact, can = get_contact_for(request.user, pk)
    if contact.note and not can.author:
        # Another person's note: every view of it is in the audit log.
        audit.viewed(request.user, contact)
    context = {"contact": contact, "can": can, "signals": linked_signals(contact, request.user)}
    return render(request, "contacts/detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required(REGISTRARS)
def signal_create(request: HttpRequest, pk: int) -> HttpResponse:
    """"Log a signal from this contact": the signal form with the young person, the channel as
    its source and the contact's time filled in; the new signal is linked to the contact."""
    contact, can = get_contact_for(request.user, pk)
    if not can.log_signal:
        raise PermissionDenied
    organisation = request.membership.organisation
    initial = {
        "observed_at": timezone.localtime(contact.started_at).replace(second=0, microsecond=0),
        "neighbourhood": contact.neighbourhood_id,
        "youths": [contact.youth_id] if contact.youth_id else [],
    }
    source = channel_table.CHANNELS[contact.channel].signal_source
    if source:
        initial["source"] = source
    if "search_youths" in request.POST:
        # The young-person search without JavaScript: the form comes back as typed, with results.
        form = SignalForm(request.POST, organisation=organisation, user=request.user, initial=initial)
        return signal_create_page(request, form, searched=True)
    form = SignalForm(request.POST or None, request.FILES or None, organisation=organisation, user=request.user,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        alias, age_band = data.pop("new_youth_alias"), data.pop("new_youth_age_band")
        try:
            with transaction.atomic():
                youths = list(data.pop("youths"))
                if alias.strip():
                    # Looked up in the worker's scope only (the signal form's own lookup is wider).
                    youths.append(records.youth_for_alias(
                        user=request.user, organisation=organisation, alias=alias, age_band=age_band,
                        neighbourhood=data["neighbourhood"],
                    ))
                signal, is_new = intake.signal_create(
                    organisation=organisation, reporter=request.user, youths=youths, **data
                )
                records.signal_link(contact=contact, signal=signal, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if is_new:
                messages.success(request, _("The signal is logged and linked to the contact. Thank you."))
            return redirect("signals:detail", pk=signal.pk)
    return signal_create_page(request, form)


@cached_page
@require_GET
@member_required(YOUTH_WORK)
def youth(request: HttpRequest, pk: int) -> HttpResponse:
    """A young person's blended path: their contacts and signals the viewer may read."""
    youth, _can_change = get_youth_for(request.user, pk)
    audit.viewed(request.user, youth, page="contacts.timeline")
    before = parse_datetime(request.GET.get("voor", "") or "")
    timeline = youth_timeline(request.user, youth, before=before)
    context = {"timeline": timeline, "youth": youth, "can_register": request.membership.role in REGISTRARS,
               "is_first_page": before is None}
    return render(request, "contacts/youth.html", context)


# Dashboards ----------------------------------------------------------------------------------


_percent_text, _hours_text = contacts_figures.percent, contacts_figures.hours


def _worker_charts(board: dashboards.WorkerDashboard) -> dict:
    rows = [(row.period, row.figures) for row in board.rows()]
    targets = board.targets
    four = board.four_weeks
    channels = sorted(four.channels.items(), key=lambda item: -item[1])
    return {
        "online": BarChart.of(
            _("Online share"), [(str(p.label), f.online_share, _percent_text(f.online_share), False) for p, f in rows],
            target=targets.online, target_text=_("target %(percent)s%%") % {"percent": targets.online}, maximum=100,
        ),
        "supportive": BarChart.of(
            _("Supportive share"),
            [(str(p.label), f.supportive_share, _percent_text(f.supportive_share), False) for p, f in rows],
            target=targets.supportive, target_text=_("target %(percent)s%%") % {"percent": targets.supportive},
            maximum=100,
        ),
        "hours": BarChart.of(
            _("Online hours in the last 4 weeks"),
            [(str(board.periods[1].label), four.online_hours, _hours_text(four.online_hours), True)],
            target=targets.online_hours(board.periods[1]),
            target_text=_("planned %(hours)s") % {"hours": _hours_text(targets.online_hours(board.periods[1]))},
        ),
        "out_of_hours": BarChart.of(
            _("Out of hours"),
            [(str(p.label), f.out_of_hours_share, _percent_text(f.out_of_hours_share), False) for p, f in rows],
            maximum=100,
        ),
        "channels": BarChart.of(
            _("Channels in the last 4 weeks"),
            [(str(channel_table.Channel(channel).label), count, str(count), channel in channel_table.ONLINE_CHANNELS)
             for channel, count in channels],
        ) if channels else None,
    }


def _worker_dashboard(request: HttpRequest, worker, *, template: str = "contacts/dashboard.html") -> HttpResponse:
    board = dashboards.worker_dashboard(request.user, worker)
    context = {
        "board": board, "rows": board.rows(), "charts": _worker_charts(board), "legend": channel_table.legend(),
        "own": worker == request.user, "hours": describe(hours_of(worker.membership)),
    }
    return render(request, template, context)


@cached_page
@require_GET
@member_required(REGISTRARS)
def dashboard(request: HttpRequest) -> HttpResponse:
    return _worker_dashboard(request, request.user)


@require_GET
@member_required(MANAGERS)
def worker_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_field_worker_for(request.membership, pk)
    return _worker_dashboard(request, member.user)


@cached_page
@require_GET
@member_required(MANAGERS)
def team_dashboard(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in dashboards.SORT_KEYS:
        sort = "name"
    board = dashboards.team_dashboard(request.user, period_key=request.GET.get("periode"), sort=sort)
    trend = TrendChart.of(
        [date_format(block.first_week, "j M") for block in board.trend],
        [
            (_("online share"), "online", [block.figures.online_share for block in board.trend], board.targets.online),
            (_("supportive share"), "supportive", [block.figures.supportive_share for block in board.trend],
             board.targets.supportive),
        ],
    )
    context = {
        "board": board, "trend": trend, "sort": sort, "legend": channel_table.legend(),
        "columns": _team_columns(),
        "target_hours": board.targets.online_hours(board.period),
    }
    return render(request, "contacts/team.html", context)


def _team_columns() -> list[tuple[str, str]]:
    return [
        ("name", _("Youth worker")), ("contacts", _("Contacts")), ("online", _("Online")),
        ("supportive", _("Supportive")), ("hours", _("Online hours")), ("out_of_hours", _("Out of hours")),
        ("youths", _("Young people")), ("new", _("New")), ("channels", _("Channels")),
    ]


@require_POST
@member_required(MANAGERS)
def nudge(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_field_worker_for(request.membership, pk)
    try:
        sent = team.nudge_send(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if sent:
            messages.success(request, _("%(name)s got a friendly nudge.") % {"name": member.user.get_full_name()})
        else:
            messages.info(request, _("You already nudged %(name)s this week.") % {"name": member.user.get_full_name()})
    return redirect("contacts:team")


# Import --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required(IMPORTERS)
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > imports.MAX_FILE_BYTES:
                raise ValidationError({"file": _("The file is larger than %(size)s MB. Split it into smaller files.")
                                       % {"size": imports.MAX_FILE_MB}})
            contact_import = imports.import_create(
                organisation=request.membership.organisation, by=request.user, filename=upload.name,
                content=upload.read(), add_unknown_youths=form.cleaned_data["add_unknown_youths"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("contacts:import_detail", pk=contact_import.pk)
    context = {"form": form, "example": imports.example_rows(), "own_only": request.membership.role in REGISTRARS}
    return render(request, "contacts/import.html", context, status=422 if form.errors else 200)


@require_GET
@member_required(IMPORTERS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = get_import_for(request.user, pk)
    return render(request, "contacts/import_detail.html", {"import": contact_import, "summary": contact_import.summary})


def _import_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    contact_import = get_import_for(request.user, pk)
    try:
        action(contact_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("contacts:import_detail", pk=contact_import.pk)


@require_POST
@member_required(IMPORTERS)
def import_add_youths(request: HttpRequest, pk: int) -> HttpResponse:
    return _import_action(request, pk, lambda i: imports.import_recheck(contact_import=i, add_unknown_youths=True))


@require_POST
@member_required(IMPORTERS)
def import_store(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = get_import_for(request.user, pk)
    try:
        stored = imports.import_store(contact_import=contact_import, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contacts:import_detail", pk=contact_import.pk)
    if stored:
        messages.success(request, _("%(count)s contacts are stored.") % {"count": stored})
    return redirect("contacts:import_detail", pk=contact_import.pk)


@require_POST
@member_required(IMPORTERS)
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    contact_import = get_import_for(request.user, pk)
    if imports.import_discard(contact_import=contact_import, by=request.user):
        messages.success(request, _("The file is thrown away; nothing is stored."))
    return redirect("contacts:import_start")


# The admin's settings ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def settings(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current = settings_of(organisation)
    form = ContactSettingsForm(request.POST or None, hours=current.working_hours,
                               initial={"channels": current.channels})
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.contact_settings_update(
                organisation=organisation, by=request.user, working_hours=form.cleaned_data["working_hours"],
                channels=form.cleaned_data["channels"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("contacts:settings")
    context = {"form": form, "organisation": organisation}
    return render(request, "contacts/settings.html", context, status=422 if form.errors else 200)


@require_GET
@member_required(ADMINISTRATORS)
def hours(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    workers = [(member, describe(own) if own is not None else None)
               for member, own in field_workers_with_hours(organisation)]
    context = {"workers": workers, "organisation_hours": describe(settings_of(organisation).working_hours)}
    return render(request, "contacts/hours.html", context)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def worker_hours(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_field_worker_for(request.membership, pk)
    own = hasattr(member, "contact_hours")
    form = WorkerHoursForm(request.POST or None, hours=hours_of(member), initial={"use_organisation": not own})
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.worker_hours_set(
                membership=member, by=request.user,
                working_hours=None if form.cleaned_data["use_organisation"] else form.cleaned_data["working_hours"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The working hours are saved."))
            return redirect("contacts:hours")
    return render(request, "contacts/worker_hours.html", {"form": form, "member": member},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def emergency_settings(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current = settings_services.contact_settings_ensure(organisation) if request.method == "POST" \
        else settings_of(organisation)
    form = EmergencyPageForm(request.POST or None, initial={
        "emergency_slug": current.emergency_slug or settings_services.suggested_slug(organisation),
        "availability_nl": current.availability_nl, "availability_en": current.availability_en,
    })
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.emergency_page_update(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The emergency page is saved."))
            return redirect("contacts:emergency_settings")
    context = {"form": form, "current": current, "help_lines": help_lines_of(organisation)}
    return render(request, "contacts/emergency_settings.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def help_line_create(request: HttpRequest) -> HttpResponse:
    form = HelpLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.help_line_create(organisation=request.membership.organisation, by=request.user,
                                               **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help line is saved."))
            return redirect("contacts:emergency_settings")
    return render(request, "contacts/help_line_form.html", {"form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def help_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_help_line_for(request.membership, pk)
    form = HelpLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.help_line_update(line=line, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help line is saved."))
            return redirect("contacts:emergency_settings")
    return render(request, "contacts/help_line_form.html", {"form": form, "line": line},
                  status=422 if form.errors else 200)


@require_POST
@member_required(ADMINISTRATORS)
def help_line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_help_line_for(request.membership, pk)
    settings_services.help_line_delete(line=line, by=request.user)
    messages.success(request, _("The help line is removed."))
    return redirect("contacts:emergency_settings")


# The public emergency page -------------------------------------------------------------------


@require_GET
def emergency(request: HttpRequest, slug: str) -> HttpResponse:
    """For young people: public, no login, no cookies, no scripts. Dutch with English."""
    page = emergency_page_of(slug)
    if page is None:
        raise Http404
    context = {"page": page, "organisation": page.organisation, "help_lines": list(help_lines_of(page.organisation))}
    response = render(request, "contacts/emergency.html", context)
    response["Cache-Control"] = "public, max-age=300"
    return response
