from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.value_list, name="values"),
    path("<int:pk>/edit/", views.value_edit, name="edit"),
    path("<int:pk>/delete/", views.value_delete, name="delete"),
]
