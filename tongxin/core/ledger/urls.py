from django.urls import path

from . import views

urlpatterns = [
    path("<str:key>/", views.ledger_page, name="ledger"),
    path("<str:key>/pivot/", views.ledger_pivot, name="ledger_pivot"),
    path("<str:key>/export.xlsx", views.ledger_export, name="ledger_export"),
    path("<str:key>/template.xlsx", views.ledger_template, name="ledger_template"),
    path("<str:key>/import/", views.ledger_import, name="ledger_import"),
    path("<str:key>/import/errors.xlsx", views.ledger_import_report, name="ledger_import_report"),
    path("<str:key>/import/jobs/<str:job_id>/", views.ledger_import_job, name="ledger_import_job"),
    path(
        "<str:key>/import/jobs/<str:job_id>/errors.xlsx",
        views.ledger_import_job_report,
        name="ledger_import_job_report",
    ),
]
