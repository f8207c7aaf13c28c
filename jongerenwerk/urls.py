from django.contrib import admin
from django.urls import include, path

from jongerenwerk.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
    path("", include("jongerenwerk.core.urls")),
    path("signalen/", include("signals.urls")),
    path("contacten/", include("contacts.urls")),
    path("hulp/", include("contacts.public_urls")),
    path("trainingen/", include("trainings.urls")),
    path("beleid/", include("policy.urls")),
    path("rapportages/", include("reports.urls")),
]

handler404 = "jongerenwerk.core.errors.not_found"
handler403 = "jongerenwerk.core.errors.forbidden"
handler500 = "jongerenwerk.core.errors.server_error"
