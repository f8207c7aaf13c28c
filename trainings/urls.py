from django.urls import path

from trainings import views

app_name = "trainings"

urlpatterns = [
    path("", views.index, name="index"),
]
