from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jongerenwerk.core.permissions import member_required


@require_GET
@member_required()
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/index.html")
