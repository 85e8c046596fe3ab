"""Mounts each app's pages and the API; nothing else."""

from django.contrib import admin
from django.urls import include, path

from tongxin.api import api
from tongxin.core import views as core_views

urlpatterns = [
    path("", include("tongxin.accounts.urls")),
    path("programs/", include("tongxin.programs.urls")),
    path("organizations/", include("tongxin.orgs.urls")),
    path("regions/", include("tongxin.regions.urls")),
    path("projects/", include("tongxin.projects.urls")),
    path("investments/", include("tongxin.investments.urls")),
    path("pairings/", include("tongxin.pairings.urls")),
    path("matching/", include("tongxin.matching.urls")),
    path("proposals/", include("tongxin.proposals.urls")),
    path("activities/", include("tongxin.activities.urls")),
    path("sites/", include("tongxin.sites.urls")),
    path("indicators/", include("tongxin.indicators.urls")),
    path("ingest/", include("tongxin.ingest.urls")),
    path("ledgers/", core_views.ledger_index, name="ledgers"),
    path("ledgers/", include("tongxin.core.ledger.urls")),
    path("history/<str:label>/<str:pk>/", core_views.history, name="history"),
    path("restore/<str:label>/<str:pk>/", core_views.restore, name="restore"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "tongxin.core.views.bad_request"
