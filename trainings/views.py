from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.middleware import public_page
from jongerenwerk.core.permissions import member_or_trainer_required, member_required
from jongerenwerk.core.ratelimit import limit_public_form
from jongerenwerk.core.roles import ALL_ROLES
from trainings import calendar
from trainings.forms import InterestForm, ProgrammeRuleForm, SessionForm
from trainings.models import CalendarFeed, Certificate, Enrolment, Interest, Programme, Session
from trainings.permissions import (
    TEAM_ENROLLERS,
    get_enrolment_for_trainer,
    get_own_enrolment,
    get_session_for,
)
from trainings.selectors import coverage
from trainings.selectors import programme as reads
from trainings.services import certificates, enrolments, programmes
from trainings.services import interest as interest_services


def trainer_required(view):
    """The platform's trainers only: anonymous people sign in, members get 403."""

    @wraps(view)
    @member_or_trainer_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_trainer:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# The programme --------------------------------------------------------------------------------


@cached_page
@require_GET
@member_or_trainer_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "trainings/index.html", {"programmes": reads.programmes(),
                                                     "team": request.membership is not None
                                                     and request.membership.role in TEAM_ENROLLERS})


@cached_page
@require_GET
@member_or_trainer_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Programme, pk=pk)
    return render(request, "trainings/programme.html", {
        "programme": item, "sessions": reads.sessions_of(item, request.user), "now": timezone.now(),
        "member": request.membership is not None,
    })


@require_GET
@member_or_trainer_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    own = reads.own_enrolment(Session(pk=pk), request.user)
    item, can = get_session_for(request.user, pk, own)
    return render(request, "trainings/session.html", {
        "session": item, "can": can, "own": own,
        "place": enrolments.place_of(own) if own is not None else None,
    })


@require_POST
@member_required(ALL_ROLES)
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    item, _can = get_session_for(request.user, pk)
    try:
        enrolment = enrolments.enrolment_create(session=item, person=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are enrolled.") if enrolment.status == Enrolment.Status.ENROLLED
                         else _("The session is full: you are on the waiting list."))
    return redirect("trainings:session", pk=item.pk)


@require_http_methods(["GET", "POST"])
@member_required(TEAM_ENROLLERS)
def team_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    item, can = get_session_for(request.user, pk)
    team = reads.team_for_session(request.membership, item)
    results = None
    if request.method == "POST":
        if not can.enrol_team:
            messages.error(request, _("This session has already started; enrolling is no longer possible."))
            return redirect("trainings:session", pk=item.pk)
        chosen = set(request.POST.getlist("people"))
        people = [member.membership.user for member in team if str(member.membership.user_id) in chosen]
        if not people:
            messages.error(request, _("Tick at least one person."))
        else:
            results = enrolments.team_enrol(session=item, people=people, by=request.user)
            summary = [{"name": r.person.get_full_name(), "seated": r.seated, "waiting": r.waiting, "error": r.error}
                       for r in results]
            if all(result.error for result in results):
                # Nothing changed: tell why on the same page, without a redirect.
                return render(request, "trainings/team_enrol.html",
                              {"session": item, "team": team, "results": summary, "can": can,
                               "tickable": any(m.ticked for m in team)}, status=422)
            request.session["team_results"] = summary
            return redirect("trainings:team_enrol", pk=item.pk)
    results = request.session.pop("team_results", None)
    return render(request, "trainings/team_enrol.html", {"session": item, "team": team, "results": results,
                                                         "can": can, "tickable": any(m.ticked for m in team)})


# One's own enrolments -------------------------------------------------------------------------


@require_GET
@member_or_trainer_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = list(reads.my_enrolments(request.user))
    for row in rows:
        row.place = enrolments.place_of(row)
    return render(request, "trainings/mine.html", {"enrolments": rows, "now": timezone.now()})


@require_POST
@member_or_trainer_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_own_enrolment(request.user, pk)
    try:
        enrolments.enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your enrolment is cancelled."))
    return redirect("trainings:mine")


@require_GET
@member_or_trainer_required
def enrolment_ics(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_own_enrolment(request.user, pk)
    response = HttpResponse(calendar.invite(enrolment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="training.ics"'
    return response


@require_GET
@member_or_trainer_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_own_enrolment(request.user, pk)
    certificate = Certificate.objects.filter(enrolment=enrolment).first()
    if certificate is None:
        raise Http404
    response = HttpResponse(certificates.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="certificaat.pdf"'
    return response


@require_GET
@member_or_trainer_required
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_own_enrolment(request.user, pk)
    usable = enrolment.status == Enrolment.Status.OFFERED and enrolment.offer_expires_at > timezone.now()
    return render(request, "trainings/offer.html", {"enrolment": enrolment, "usable": usable},
                  status=200 if usable else 410)


@require_POST
@member_or_trainer_required
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_own_enrolment(request.user, pk)
    try:
        enrolments.offer_accept(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("trainings:offer", pk=pk)
    messages.success(request, _("You are enrolled."))
    return redirect("trainings:session", pk=enrolment.session_id)


@require_POST
@member_or_trainer_required
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_own_enrolment(request.user, pk)
    try:
        enrolments.offer_decline(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("trainings:offer", pk=pk)
    messages.success(request, _("You declined the seat; it goes to the next person waiting."))
    return redirect("trainings:mine")


# The calendar feed ----------------------------------------------------------------------------


@require_GET
@member_required(ALL_ROLES)
def feed_page(request: HttpRequest) -> HttpResponse:
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    return render(request, "trainings/feed.html", {"feed": feed})


@require_POST
@member_required(ALL_ROLES)
def feed_renew(request: HttpRequest) -> HttpResponse:
    from trainings.models import _token

    # Only the address shown on the page is replaced: a second tap renews nothing more.
    CalendarFeed.objects.filter(user=request.user, token=request.POST.get("token", "")).update(token=_token())
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("trainings:feed_page")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    owner = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    rows = (Enrolment.objects.filter(user=owner.user_id, status__in=[Enrolment.Status.ENROLLED,
                                                                      Enrolment.Status.ATTENDED])
            .select_related("session__programme"))
    return HttpResponse(calendar.feed(rows), content_type="text/calendar; charset=utf-8")


# The trainer ----------------------------------------------------------------------------------


@require_GET
@trainer_required
def admin(request: HttpRequest) -> HttpResponse:
    return render(request, "trainings/admin.html", {"programmes": reads.programmes(), "form": ProgrammeRuleForm()})


@require_POST
@trainer_required
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeRuleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = programmes.programme_create_from_rule(
                name=data["name"], weekday=data["weekday"], first=data["first"], last=data["last"],
                start=data["start"], end=data["end"], capacity=data["capacity"],
                extras=[programmes.Extra(day) for day in data["extras"]], trainer=request.user, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The programme has been made."))
            return redirect("trainings:programme", pk=item.pk)
    return render(request, "trainings/admin.html", {"programmes": reads.programmes(), "form": form}, status=422)


@require_http_methods(["GET", "POST"])
@trainer_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item, can = get_session_for(request.user, pk)
    initial = {"starts_at": timezone.localtime(item.starts_at).strftime("%Y-%m-%dT%H:%M"),
               "ends_at": timezone.localtime(item.ends_at).strftime("%Y-%m-%dT%H:%M"),
               "meeting_url": item.meeting_url, "trainer": item.trainer_id, "province": item.province,
               "capacity": item.capacity}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["capacity"] != item.capacity:
                programmes.session_capacity_set(session=item, capacity=data["capacity"], by=request.user)
            if item.kind == Session.Kind.PROVINCE and data["province"] != item.province:
                programmes.session_province_set(session=item, province=data["province"], by=request.user)
            programmes.session_update(session=item, by=request.user, starts_at=data["starts_at"],
                                      ends_at=data["ends_at"], meeting_url=data["meeting_url"],
                                      trainer=data["trainer"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("trainings:session", pk=item.pk)
    participants = item.enrolments.filter(status__in=Enrolment.ACTIVE).select_related("user", "organisation").order_by(
        "status", "position", "pk")
    return render(request, "trainings/session_edit.html", {"session": item, "form": form,
                                                           "participants": participants},
                  status=422 if form.errors else 200)


@require_POST
@trainer_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item, _can = get_session_for(request.user, pk)
    programmes.session_cancel(session=item, by=request.user)
    messages.success(request, _("The session is cancelled; everyone enrolled has been told."))
    return redirect("trainings:session", pk=item.pk)


@require_POST
@trainer_required
def enrolment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_trainer(pk)
    try:
        enrolments.enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s has been taken off the session.") % {
            "name": enrolment.user.get_full_name() if enrolment.user else "—"})
    return redirect("trainings:session_edit", pk=enrolment.session_id)


@require_GET
@trainer_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    item, _can = get_session_for(request.user, pk)
    query = request.GET.get("q", "").strip()
    context = {"session": item, "rows": reads.attendance_list(item, query), "q": query,
               "counts": reads.attendance_counts(item)}
    if request.htmx:
        return render(request, "trainings/attendance.html#rows", context)
    return render(request, "trainings/attendance.html", context)


@require_POST
@trainer_required
def attendance_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_trainer(pk)
    attended = request.POST.get("attended") == "1"
    programmes.attendance_set(enrolment=enrolment, attended=attended, by=request.user)
    if not attended:
        certificates.certificate_withdraw(enrolment=enrolment)
    if request.htmx:
        # The tapped row, and the count above the list out of band.
        row = render_to_string("trainings/attendance.html#row", {"row": enrolment}, request=request)
        count = render_to_string("trainings/attendance.html#count", {
            "counts": reads.attendance_counts(enrolment.session), "oob": True}, request=request)
        return HttpResponse(row + count)
    return redirect("trainings:attendance", pk=enrolment.session_id)


@require_GET
@trainer_required
def programme_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Programme, pk=pk)
    return render(request, "trainings/coverage.html", {"programme": item, **coverage.programme_coverage(item)})


@cached_page
@require_GET
@member_required(TEAM_ENROLLERS)
def team_coverage(request: HttpRequest) -> HttpResponse:
    item = reads.current_programme()
    board = coverage.team_coverage(request.membership, item) if item else None
    return render(request, "trainings/team_coverage.html", {"programme": item, "board": board})


# Interest and verification: public ------------------------------------------------------------


@require_POST
@member_required(ALL_ROLES)
def interest_member(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Programme, pk=pk)
    interest_services.interest_register(programme=item, email=request.user.email,
                                        province=request.membership.organisation.province,
                                        organisation_name=request.membership.organisation.name, member=request.user)
    messages.success(request, _("You will hear when your province's session opens."))
    return redirect("trainings:programme", pk=item.pk)


@require_http_methods(["GET", "POST"])
@limit_public_form("trainings-interest")
def interest(request: HttpRequest) -> HttpResponse:
    item = reads.current_programme()
    if item is None:
        raise Http404
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interest_services.interest_register(programme=item, **form.cleaned_data)
        return render(request, "trainings/interest_sent.html", {"programme": item})
    return render(request, "trainings/interest.html", {"programme": item, "form": form},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def interest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    item = get_object_or_404(Interest, token=token)
    if request.method == "POST":
        item = interest_services.interest_confirm(interest=item)
    return render(request, "trainings/interest_confirm.html", {"interest": item})


@require_http_methods(["GET", "POST"])
def interest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    item = Interest.objects.filter(token=token).first()
    if request.method == "POST":
        if item is not None:
            interest_services.interest_unsubscribe(interest=item)
        return render(request, "trainings/interest_unsubscribed.html")
    if item is None:
        return render(request, "trainings/interest_unsubscribed.html")
    return render(request, "trainings/interest_unsubscribe.html", {"interest": item})


@require_GET
@public_page
def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.filter(code=code.upper()).first()
    return render(request, "trainings/verify.html", {"certificate": certificate, "code": code},
                  status=200 if certificate else 404)
