from django.urls import path

from signals import views

app_name = "signals"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("export.csv", views.export_csv, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/aanvulling/", views.add_addendum, name="add_addendum"),
    path("<int:pk>/consultatie/", views.add_consultation, name="add_consultation"),
    path("<int:pk>/consultatie/afronden/", views.complete_consultation, name="complete_consultation"),
    path("<int:pk>/gesprek/", views.record_conversation, name="record_conversation"),
    path("<int:pk>/spoed/", views.fast_path, name="fast_path"),
    path("<int:pk>/wegen/", views.record_weighing, name="record_weighing"),
    path("<int:pk>/beslissen/", views.record_decision, name="record_decision"),
    path("<int:pk>/delen/", views.record_share, name="record_share"),
]
