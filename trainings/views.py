from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jongerenwerk.core.permissions import member_or_trainer_required


@require_GET
@member_or_trainer_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "trainings/index.html")
