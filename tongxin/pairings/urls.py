from django.urls import path

from . import views

app_name = "pairings"
urlpatterns = [
    path("", views.pairing_overview, name="list"),
    path("new/", views.pairing_add, name="add"),
    path("<int:pk>/", views.pairing_detail, name="detail"),
    path("<int:pk>/status/", views.pairing_status, name="status"),
]
