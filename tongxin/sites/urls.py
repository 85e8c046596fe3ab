from django.urls import path

from . import views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("new/", views.site_create, name="create"),
    path("<int:pk>/", views.site_detail, name="detail"),
    path("<int:pk>/edit/", views.site_edit, name="edit"),
    path("<int:pk>/status/", views.site_status, name="status"),
    path("<int:pk>/evaluations/", views.evaluation_create, name="evaluate"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
