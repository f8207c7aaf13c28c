"""The trends board and the working group's named trends."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jongerenwerk.core.pagecache import cached_page
from jongerenwerk.core.forms import apply_errors
from jongerenwerk.core.permissions import member_required
from jongerenwerk.core.roles import YOUTH_WORK
from signals.forms import TrendFilterForm, TrendForm
from signals.selectors.trends import board_of, trends_of, trends_visible_to
from signals.services import trends


@cached_page
@require_GET
@member_required(YOUTH_WORK)
def board(request: HttpRequest) -> HttpResponse:
    form = TrendFilterForm(request.GET or None, organisation=request.membership.organisation)
    neighbourhood = form.cleaned_data["neighbourhood"] if form.is_valid() else None
    board = board_of(request.user, neighbourhood=neighbourhood)
    first = board.weeks[0]
    context = {
        "form": form,
        "neighbourhood": neighbourhood,
        "board": board,
        # The chart's first label says which week and when it began; the last is "this week".
        "first_week_label": _("week %(week)s (%(day)s)") % {
            "week": first.isocalendar().week, "day": date_format(first, "j F")},
        "trends": trends_of(request.user),
    }
    return render(request, "signals/trends.html", context)


@require_http_methods(["GET", "POST"])
@member_required(YOUTH_WORK)
def trend_create(request: HttpRequest) -> HttpResponse:
    form = TrendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trends.trend_create(organisation=request.membership.organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The trend is saved."))
            return redirect("signals:trends")
    return render(request, "signals/trend_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@member_required(YOUTH_WORK)
def trend_edit(request: HttpRequest, pk: int) -> HttpResponse:
    trend = get_object_or_404(trends_visible_to(request.user), pk=pk)
    form = TrendForm(request.POST or None, instance=trend)
    if request.method == "POST" and form.is_valid():
        try:
            trends.trend_update(trend=trend, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The trend is saved."))
            return redirect("signals:trends")
    return render(request, "signals/trend_form.html", {"form": form, "trend": trend})
