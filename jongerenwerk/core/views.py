from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core import audit, reminders, services
from jongerenwerk.core.forms import (
    InvitationAcceptForm,
    InvitationForm,
    MembershipForm,
    NeighbourhoodForm,
    OrganisationRegisterForm,
    OrganisationSettingsForm,
    TeamForm,
    YouthForm,
    apply_errors,
)
from jongerenwerk.core.middleware import public_page
from jongerenwerk.core.models import Invitation, Role
from jongerenwerk.core.permissions import (
    get_member_for,
    get_youth_for,
    member_required,
)
from jongerenwerk.core.ratelimit import limit_public_form
from jongerenwerk.core.registry import registry
from jongerenwerk.core.roles import ADMINISTRATORS, MANAGEMENT, YOUTH_WORK
from jongerenwerk.core.selectors import (
    audit_events_of,
    members_of_organisation,
    membership_of,
    neighbourhoods_of_organisation,
    pending_invitations_of,
    teams_of_organisation,
    youths_matching,
    youths_visible_to,
)

# What each role's home page says above its cards.
ROLE_LEADS = {
    Role.JONGERENWERKER: gettext_lazy("What do you want to do?"),
    Role.AANDACHTSFUNCTIONARIS: gettext_lazy("You take serious signals through weighing and decision."),
    Role.LEIDINGGEVENDE: gettext_lazy("An overview of your team's online work."),
}


def _lead(request: HttpRequest, membership) -> str | None:
    if membership is not None:
        if membership.role in ROLE_LEADS:
            return ROLE_LEADS[membership.role]
        return _("You manage %(organisation)s in the portal.") % {"organisation": membership.organisation.name}
    if request.user.is_trainer:
        return _("You run the national #Awareness training programme.")
    if request.user.is_staff:
        return _("You look after the platform: organisations that ask for access wait for your approval.")
    return None


@cached_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """One page for everyone: the panels the registry holds for this person, in a stable order."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    membership = membership_of(request.user)
    context = {"lead": _lead(request, membership), "panels": registry.panels_for(request)}
    return render(request, "core/home.html", context)


# The youth register -----------------------------------------------------------------------


@require_GET
@member_required(YOUTH_WORK)
def youth_list(request: HttpRequest) -> HttpResponse:
    youths = youths_visible_to(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        youths = youths.filter(alias__icontains=query)
    page = Paginator(youths, 25).get_page(request.GET.get("page"))
    template = "core/youth_list.html#results" if request.htmx else "core/youth_list.html"
    return render(request, template, {"page": page, "query": query})


@require_GET
@member_required(YOUTH_WORK)
def youth_search(request: HttpRequest) -> HttpResponse:
    """The young-person picker's results, for htmx: checkboxes named `youths` (or the name the
    form asks for), so that a chosen young person is sent with the form like any other field."""
    name = request.GET.get("name", "youths")
    name = name if name.isidentifier() else "youths"
    query = request.GET.get(f"{name}_q", request.GET.get("q", "")).strip()
    context = {"youths": youths_matching(request.user, query), "query": query, "field_name": name}
    return render(request, "core/youth_picker.html#results", context)


@require_http_methods(["GET", "POST"])
@member_required(YOUTH_WORK)
def youth_create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = YouthForm(request.POST or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            youth = services.youth_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(alias)s is added to the register.") % {"alias": youth.alias})
            return redirect("core:youth_detail", pk=youth.pk)
    return render(request, "core/youth_form.html", {"form": form})


@require_GET
@member_required(YOUTH_WORK)
def youth_detail(request: HttpRequest, pk: int) -> HttpResponse:
    youth, can_change = get_youth_for(request.user, pk)
    audit.viewed(request.user, youth)
    return render(request, "core/youth_detail.html", {"youth": youth, "can_change": can_change})


@require_http_methods(["GET", "POST"])
@member_required(YOUTH_WORK)
def youth_edit(request: HttpRequest, pk: int) -> HttpResponse:
    youth, can_change = get_youth_for(request.user, pk)
    if not can_change:
        return render(request, "403.html", status=403)
    form = YouthForm(request.POST or None, instance=youth, organisation=youth.organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.youth_update(youth=youth, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("core:youth_detail", pk=youth.pk)
    return render(request, "core/youth_form.html", {"form": form, "youth": youth})


# Organisation administration --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def organisation_settings(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = OrganisationSettingsForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation, by=request.user, **{name: form.cleaned_data[name] for name in form.changed_data}
        )
        messages.success(request, _("The settings are saved."))
        return redirect("core:organisation_settings")
    return render(request, "core/organisation_settings.html", {"form": form, "organisation": organisation})


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def member_list(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("An invitation is sent to %(email)s.") % {"email": invitation.email})
            return redirect("core:member_list")
    context = {
        "form": form,
        "members": members_of_organisation(organisation),
        "invitations": pending_invitations_of(organisation),
    }
    return render(request, "core/member_list.html", context)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.membership, pk)
    form = MembershipForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("core:member_list")
    return render(request, "core/member_form.html", {"form": form, "member": member})


@require_POST
@member_required(ADMINISTRATORS)
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, organisation=request.membership.organisation, pk=pk)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("core:member_list")


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def structure(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    neighbourhood_form = NeighbourhoodForm(prefix="wijk")
    team_form = TeamForm(prefix="team", organisation=organisation)
    if request.method == "POST":
        if "wijk-name" in request.POST:
            neighbourhood_form = NeighbourhoodForm(request.POST, prefix="wijk")
            form, create = neighbourhood_form, services.neighbourhood_create
        else:
            team_form = TeamForm(request.POST, prefix="team", organisation=organisation)
            form, create = team_form, services.team_create
        if form.is_valid():
            try:
                create(organisation=organisation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Added."))
                return redirect("core:structure")
    context = {
        "neighbourhood_form": neighbourhood_form,
        "team_form": team_form,
        "neighbourhoods": neighbourhoods_of_organisation(organisation),
        "teams": teams_of_organisation(organisation),
    }
    return render(request, "core/structure.html", context)


@require_GET
@member_required(MANAGEMENT)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = audit_events_of(request.membership.organisation)
    query = request.GET.get("q", "").strip()
    if query:
        events = events.filter(Q(actor_label__icontains=query) | Q(target_type__icontains=query))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    template = "core/audit_log.html#results" if request.htmx else "core/audit_log.html"
    return render(request, template, {"page": page, "query": query})


# Public pages -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_usable:
        return render(request, "core/invitation_unusable.html", {"invitation": invitation}, status=410)
    if request.user.is_authenticated:
        return render(request, "core/invitation_signed_in.html", {"invitation": invitation})
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            invitation.refresh_from_db()
            if not invitation.is_usable:  # accepted meanwhile, e.g. by a double submit
                return render(request, "core/invitation_unusable.html", {"invitation": invitation}, status=410)
            form.add_error("password1", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("home")
    return render(request, "core/invitation_accept.html", {"form": form, "invitation": invitation})


@require_http_methods(["GET", "POST"])
@limit_public_form("organisation-request")
def organisation_register(request: HttpRequest) -> HttpResponse:
    form = OrganisationRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_bot:
        return render(request, "core/organisation_registered.html")
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "website"}
        try:
            services.organisation_register(**data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "core/organisation_registered.html")
    return render(request, "core/organisation_register.html", {"form": form})


# Bounds for the health check's own broker connection (seconds), so /health/ answers
# within a couple of seconds however the broker fails. Other transports ignore these.
BROKER_CHECK_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, else 503 with what is down."""
    from jongerenwerk.celery import app

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    try:
        # One attempt, no retry sleep, and socket timeouts: kombu's Redis transport
        # otherwise waits forever on a broker that accepts the connection but never answers.
        with app.connection_for_write(transport_options=BROKER_CHECK_OPTIONS) as broker:
            broker.ensure_connection(max_retries=0)
        checks["broker"] = "ok"
    except Exception:
        checks["broker"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    notifications = request.user.notifications.all()
    if request.method == "POST":
        reminders.notifications_mark_read(user=request.user)
        return redirect("core:notification_list")
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html", {"page": page})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is kept for their mails too."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_language_set(user=request.user, language=language)
    return response


@require_GET
@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    """A private portal about minors: no search engine crawls any of it."""
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
