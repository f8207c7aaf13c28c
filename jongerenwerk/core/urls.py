from django.urls import path

from jongerenwerk.core import views

app_name = "core"

urlpatterns = [
    path("jongeren/", views.youth_list, name="youth_list"),
    path("jongeren/nieuw/", views.youth_create, name="youth_create"),
    path("jongeren/zoeken/", views.youth_search, name="youth_search"),
    path("jongeren/<int:pk>/", views.youth_detail, name="youth_detail"),
    path("jongeren/<int:pk>/wijzigen/", views.youth_edit, name="youth_edit"),
    path("organisatie/", views.organisation_settings, name="organisation_settings"),
    path("organisatie/leden/", views.member_list, name="member_list"),
    path("organisatie/leden/<int:pk>/", views.member_edit, name="member_edit"),
    path("organisatie/uitnodigingen/<int:pk>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("organisatie/wijken-en-teams/", views.structure, name="structure"),
    path("organisatie/audit/", views.audit_log, name="audit_log"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("organisatie-aanmelden/", views.organisation_register, name="organisation_register"),
    path("meldingen/", views.notification_list, name="notification_list"),
]
