"""Work profiles (each member's own) and the uniform-profile rules (the admin's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.permissions import member_required
from jongerenwerk.core.roles import ADMINISTRATORS
from policy.conformity import expected_handle, person_of, template_parts
from policy.forms import ConfirmForm, ProfileForm, RuleForm
from policy.permissions import OVERSEERS_OF_POLICY, abilities
from policy.selectors.profiles import (
    conformity_of,
    handle_name_of,
    profile_for,
    profiles_of,
    rule_for,
    rules_of,
)
from policy.services import profiles


def _rules_for_worker(request: HttpRequest) -> list[dict]:
    """The rules as a worker reads them: with their own expected handle filled in."""
    organisation = request.membership.organisation
    person = person_of(request.user, organisation, handle_name_of(organisation))
    return [
        {"rule": rule, "expected_handle": expected_handle(rule.handle_pattern, person) if rule.handle_pattern else "",
         "parts": template_parts(rule.bio_template)}
        for rule in rules_of(organisation.pk).values()
    ]


@require_GET
@member_required()
def profile_list(request: HttpRequest) -> HttpResponse:
    context = {
        "checked": profiles_of(request.user, request.membership),
        "rules": _rules_for_worker(request),
        "can": abilities(request.membership),
    }
    return render(request, "policy/profiles.html", context)


@require_http_methods(["GET", "POST"])
@member_required()
def profile_create(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, initial={"platform": request.GET.get("platform", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            profile, is_new = profiles.profile_create(user=request.user, membership=request.membership,
                                                      **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            if is_new:
                messages.success(request, _("Your profile is registered. See below whether it follows the rules."))
            return redirect(f"{_profiles_url()}#profiel-{profile.pk}")
    elif form.errors:
        status = 422
    return render(request, "policy/profile_form.html", {"form": form, "rules": _rules_for_worker(request)},
                  status=status)


def _profiles_url() -> str:
    return reverse("policy:profiles")


@require_http_methods(["GET", "POST"])
@member_required()
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = profile_for(request.user, pk)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile), editing=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            profiles.profile_update(profile=profile, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            messages.success(request, _("Your profile is saved and confirmed."))
            return redirect(f"{_profiles_url()}#profiel-{profile.pk}")
    elif form.errors:
        status = 422
    context = {"form": form, "profile": profile, "rules": _rules_for_worker(request)}
    return render(request, "policy/profile_form.html", context, status=status)


@require_POST
@member_required()
def profile_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    profile = profile_for(request.user, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid() and profiles.profile_confirm(profile=profile, by=request.user, seen=form.cleaned_data["seen"]):
        messages.success(request, _("Thank you: the profile is confirmed."))
    return redirect(f"{_profiles_url()}#profiel-{profile.pk}")


@require_POST
@member_required()
def profile_delete(request: HttpRequest, pk: int) -> HttpResponse:
    profile = profile_for(request.user, pk)
    profiles.profile_delete(profile=profile, by=request.user)
    messages.success(request, _("The profile is removed from the register."))
    return redirect("policy:profiles")


# The rules: the admin's ----------------------------------------------------------------------


@require_GET
@member_required(ADMINISTRATORS)
def rule_list(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    context = {"rules": list(rules_of(organisation.pk).values()), "handle_name": handle_name_of(organisation)}
    return render(request, "policy/rules.html", context)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def rule_create(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = RuleForm(request.POST or None, organisation=organisation)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            rule = profiles.rule_create(organisation=organisation, by=request.user,
                                        platform=form.cleaned_data["platform"], **form.rule_fields())
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            messages.success(request, _("The rules for %(platform)s are saved.") % {"platform": rule.get_platform_display()})
            return redirect("policy:rules")
    elif form.errors:
        status = 422
    return render(request, "policy/rule_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@member_required(ADMINISTRATORS)
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.membership.organisation
    rule = rule_for(request.membership, pk)
    form = RuleForm(request.POST or None, instance=rule, organisation=organisation)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            profiles.rule_update(rule=rule, by=request.user, **form.rule_fields())
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            messages.success(request, _("The rules for %(platform)s are saved.") % {"platform": rule.get_platform_display()})
            return redirect("policy:rules")
    elif form.errors:
        status = 422
    return render(request, "policy/rule_form.html", {"form": form, "rule": rule}, status=status)


# Conformity: the manager's and the admin's ----------------------------------------------------


@cached_page
@require_GET
@member_required(OVERSEERS_OF_POLICY)
def conformity(request: HttpRequest) -> HttpResponse:
    rows = conformity_of(request.membership.organisation)
    return render(request, "policy/conformity.html", {"rows": rows})
