from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("programs/<int:program_id>/", views.workspace, name="workspace"),
    path("programs/<int:program_id>/settings/", views.settings_save, name="settings"),
    path("programs/<int:program_id>/run/", views.run_start, name="run_start"),
    path("programs/<int:program_id>/forbidden/", views.forbidden_add, name="forbidden_add"),
    path("forbidden/<int:pk>/remove/", views.forbidden_remove, name="forbidden_remove"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("needs/new/", views.need_add, name="need_add"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/partners/", views.need_partners, name="need_partners"),
    path("needs/<int:pk>/propose/", views.need_propose, name="need_propose"),
    path("needs/<int:pk>/status/", views.need_status, name="need_status"),
    path("offers/new/", views.offer_add, name="offer_add"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("matches/<int:pk>/<str:action>/", views.match_decide, name="match_decide"),
]
