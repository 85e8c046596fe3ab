from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.document_upload, name="upload"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("facts/<int:pk>/", views.fact_decide, name="decide"),
]
