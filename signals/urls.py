from django.urls import path

from signals import trend_views, views

app_name = "signals"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("export.csv", views.export_csv, name="export"),
    path("trends/", trend_views.board, name="trends"),
    path("trends/nieuw/", trend_views.trend_create, name="trend_create"),
    path("trends/<int:pk>/wijzigen/", trend_views.trend_edit, name="trend_edit"),
    path("categorieen/", views.category_list, name="categories"),
    path("categorieen/nieuw/", views.category_create, name="category_create"),
    path("categorieen/<int:pk>/", views.category_edit, name="category_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/aanvulling/", views.add_addendum, name="add_addendum"),
    path("<int:pk>/bijlagen/", views.add_attachments, name="add_attachments"),
    path("<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/consultatie/", views.add_consultation, name="add_consultation"),
    path("<int:pk>/consultatie/afronden/", views.complete_consultation, name="complete_consultation"),
    path("<int:pk>/gesprek/", views.record_conversation, name="record_conversation"),
    path("<int:pk>/spoed/", views.fast_path, name="fast_path"),
    path("<int:pk>/wegen/", views.record_weighing, name="record_weighing"),
    path("<int:pk>/beslissen/", views.record_decision, name="record_decision"),
    path("<int:pk>/beslissen/wijzigen/", views.revise_decision, name="revise_decision"),
    path("<int:pk>/delen/", views.record_share, name="record_share"),
    path("<int:pk>/trend/", views.link_trend, name="link_trend"),
    path("<int:pk>/delen/<int:share_pk>/", views.share_summary, name="share_summary"),
    path("<int:pk>/acties/", views.add_action, name="add_action"),
    path("<int:pk>/acties/<int:action_pk>/gedaan/", views.complete_action, name="complete_action"),
    path("<int:pk>/juridische-bewaring/", views.legal_hold, name="legal_hold"),
]
