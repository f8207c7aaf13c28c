"""The public pages of contacts, outside /contacten/: the emergency page at a short address a
worker can put in their bio."""

from django.urls import path

from contacts import views

app_name = "help"

urlpatterns = [
    path("<slug:slug>/", views.emergency, name="emergency"),
]
