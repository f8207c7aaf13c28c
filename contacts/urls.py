from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/signaal/", views.signal_create, name="signal_create"),
    path("jongere/<int:pk>/", views.youth, name="youth"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("team/", views.team_dashboard, name="team"),
    path("team/<int:pk>/", views.worker_dashboard, name="worker_dashboard"),
    path("team/<int:pk>/duwtje/", views.nudge, name="nudge"),
    path("importeren/", views.import_start, name="import_start"),
    path("importeren/<int:pk>/", views.import_detail, name="import_detail"),
    path("importeren/<int:pk>/jongeren-toevoegen/", views.import_add_youths, name="import_add_youths"),
    path("importeren/<int:pk>/opslaan/", views.import_store, name="import_store"),
    path("importeren/<int:pk>/weggooien/", views.import_discard, name="import_discard"),
    path("instellingen/", views.settings, name="settings"),
    path("instellingen/werktijden/", views.hours, name="hours"),
    path("instellingen/werktijden/<int:pk>/", views.worker_hours, name="worker_hours"),
    path("instellingen/hulppagina/", views.emergency_settings, name="emergency_settings"),
    path("instellingen/hulplijnen/nieuw/", views.help_line_create, name="help_line_create"),
    path("instellingen/hulplijnen/<int:pk>/", views.help_line_edit, name="help_line_edit"),
    path("instellingen/hulplijnen/<int:pk>/verwijderen/", views.help_line_delete, name="help_line_delete"),
]
