from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("overzicht/", views.overview, name="overview"),
    path("nieuw/", views.create, name="create"),
    path("instellingen/", views.settings, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:format>/", views.download, name="download"),
]
