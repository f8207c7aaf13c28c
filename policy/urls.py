from django.urls import path

from policy import profile_views, views

app_name = "policy"

urlpatterns = [
    path("", views.index, name="index"),
    path("versies/", views.versions, name="versions"),
    path("versies/<int:pk>/", views.version_detail, name="version"),
    path("versies/<int:pk>/verschil/", views.diff, name="diff"),
    path("versies/<int:pk>/bevestigen/", views.acknowledge, name="acknowledge"),
    path("versies/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("bevestigingen/", views.acknowledgement_overview, name="acknowledgements"),
    path("concept/", views.draft, name="draft"),
    path("concept/secties/<int:pk>/", views.section_edit, name="section_edit"),
    path("concept/publiceren/", views.publish, name="publish"),
    path("concept/beoordelen/", views.review, name="review"),
    path("instellingen/", views.settings, name="settings"),
    path("profielen/", profile_views.profile_list, name="profiles"),
    path("profielen/nieuw/", profile_views.profile_create, name="profile_create"),
    path("profielen/overzicht/", profile_views.conformity, name="conformity"),
    path("profielen/<int:pk>/", profile_views.profile_edit, name="profile_edit"),
    path("profielen/<int:pk>/bevestigen/", profile_views.profile_confirm, name="profile_confirm"),
    path("profielen/<int:pk>/verwijderen/", profile_views.profile_delete, name="profile_delete"),
    path("profielregels/", profile_views.rule_list, name="rules"),
    path("profielregels/nieuw/", profile_views.rule_create, name="rule_create"),
    path("profielregels/<int:pk>/", profile_views.rule_edit, name="rule_edit"),
]
