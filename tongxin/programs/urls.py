from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/assignments/", views.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path("<int:pk>/agreements/", views.agreement_add, name="agreement_add"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
]
