from django.urls import path

from . import views

app_name = "investments"
urlpatterns = [
    path("", views.investment_list, name="list"),
    path("<int:pk>/", views.investment_detail, name="detail"),
    path("<int:pk>/transition/", views.investment_transition, name="transition"),
]
