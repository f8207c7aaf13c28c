from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# A paragraph of invented text; repeated until the page has the size asked for.
FILLER = ("Jongerenwerkers zijn online en op straat waar jongeren zijn; dit is een alinea tekst die "
          "alleen dient om de pagina even groot te maken als de pagina waarmee ze wordt vergeleken. ")


def bare(request: HttpRequest) -> HttpResponse:
    """The yardstick: a template of the given size rendered through base.html, no queries (the
    request carries no session, so the header asks nothing of the database)."""
    size = min(int(request.GET.get("size", "20000")), 2_000_000)
    return render(request, "core/benchmark_bare.html", {"paragraphs": [FILLER] * max(1, size // len(FILLER))})
