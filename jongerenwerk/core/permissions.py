"""Who may open which page and record. Outsiders get 404; members without the role get 403."""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from jongerenwerk.core.models import Membership, Youth
from jongerenwerk.core.roles import ALL_ROLES, YOUTH_WORK
from jongerenwerk.core.selectors import membership_of, youths_visible_to


def member_required(roles: Iterable[str] = ALL_ROLES) -> Callable:
    """Let in members of an approved organisation with one of `roles`.

    Anonymous people are sent to the login page; signed-in people without a fitting
    membership get 403. The membership is put on `request.membership` for the view.
    """
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_of(request.user)
            if membership is None or membership.role not in allowed:
                raise PermissionDenied
            request.membership = membership
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_youth_for(user, pk: int) -> tuple[Youth, bool]:
    """The young person if the user may see them (else 404), and whether they may change the record."""
    youth = get_object_or_404(youths_visible_to(user), pk=pk)
    membership = membership_of(user)
    return youth, membership is not None and membership.role in YOUTH_WORK


def get_member_for(membership: Membership, pk: int) -> Membership:
    """A membership of the admin's own organisation, else 404."""
    member = Membership.objects.select_related("user").filter(organisation=membership.organisation, pk=pk).first()
    if member is None:
        raise Http404
    return member


def member_or_trainer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Organisation members of any role, and the platform's trainers (the programme is national)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = membership_of(request.user)
        if membership is None and not request.user.is_trainer:
            raise PermissionDenied
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapped
