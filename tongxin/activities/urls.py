from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/outcomes/", views.outcome_add, name="outcome_add"),
    path("outcomes/<int:pk>/remove/", views.outcome_remove, name="outcome_remove"),
    path("trace/<str:label>/<str:pk>/", views.activity_trace, name="trace"),
]
