from django.urls import path

from trainings import views

app_name = "trainings"

urlpatterns = [
    path("", views.index, name="index"),
    path("programma/<int:pk>/", views.programme, name="programme"),
    path("programma/<int:pk>/dekking/", views.programme_coverage, name="coverage"),
    path("programma/<int:pk>/interesse/", views.interest_member, name="interest_member"),
    path("sessie/<int:pk>/", views.session, name="session"),
    path("sessie/<int:pk>/inschrijven/", views.enrol, name="enrol"),
    path("sessie/<int:pk>/team/", views.team_enrol, name="team_enrol"),
    path("sessie/<int:pk>/bewerken/", views.session_edit, name="session_edit"),
    path("sessie/<int:pk>/annuleren/", views.session_cancel, name="session_cancel"),
    path("inschrijving/<int:pk>/verwijderen/", views.enrolment_remove, name="enrolment_remove"),
    path("sessie/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("aanwezigheid/<int:pk>/", views.attendance_toggle, name="attendance_toggle"),
    path("mijn/", views.mine, name="mine"),
    path("inschrijving/<int:pk>/annuleren/", views.cancel, name="cancel"),
    path("inschrijving/<int:pk>/agenda.ics", views.enrolment_ics, name="enrolment_ics"),
    path("inschrijving/<int:pk>/certificaat.pdf", views.certificate_download, name="certificate"),
    path("aanbod/<int:pk>/", views.offer, name="offer"),
    path("aanbod/<int:pk>/accepteren/", views.offer_accept, name="offer_accept"),
    path("aanbod/<int:pk>/afslaan/", views.offer_decline, name="offer_decline"),
    path("agenda/", views.feed_page, name="feed_page"),
    path("agenda/vernieuwen/", views.feed_renew, name="feed_renew"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
    path("beheer/", views.admin, name="admin"),
    path("beheer/nieuw/", views.programme_create, name="programme_create"),
    path("team/", views.team_coverage, name="team_coverage"),
    path("interesse/", views.interest, name="interest"),
    path("interesse/<str:token>/bevestigen/", views.interest_confirm, name="interest_confirm"),
    path("interesse/<str:token>/afmelden/", views.interest_unsubscribe, name="interest_unsubscribe"),
    path("certificaat/<str:code>/", views.verify, name="verify"),
]
