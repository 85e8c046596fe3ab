"""The JSON API: mounts each app's router; nothing else. OpenAPI at /api/docs."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from tongxin.accounts.api import router as auth_router
from tongxin.activities.api import router as activities_router
from tongxin.core.api import AUTH, install_handlers
from tongxin.core.ledger.api import ledgers_router
from tongxin.ingest.api import router as ingest_router
from tongxin.investments.api import router as investments_router
from tongxin.matching.api import router as matching_router
from tongxin.orgs.api import router as orgs_router
from tongxin.pairings.api import router as pairings_router
from tongxin.programs.api import assignments as assignments_router
from tongxin.programs.api import router as programs_router
from tongxin.projects.api import router as projects_router
from tongxin.proposals.api import router as proposals_router
from tongxin.regions.api import router as regions_router
from tongxin.sites.api import router as sites_router


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Tongxin 同心 API", version="1", auth=AUTH, urls_namespace="api", renderer=Utf8Renderer()
)
install_handlers(api)
api.add_router("/auth", auth_router)
api.add_router("/regions", regions_router)
api.add_router("/organizations", orgs_router)
api.add_router("/programs", programs_router)
api.add_router("/assignments", assignments_router)
api.add_router("/projects", projects_router)
api.add_router("/investments", investments_router)
api.add_router("/pairings", pairings_router)
api.add_router("/matching", matching_router)
api.add_router("/proposals", proposals_router)
api.add_router("/activities", activities_router)
api.add_router("/sites", sites_router)
api.add_router("/ingest", ingest_router)
api.add_router("/ledgers", ledgers_router())
