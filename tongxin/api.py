"""The JSON API: mounts each app's router; nothing else. OpenAPI at /api/docs."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from tongxin.accounts.api import router as auth_router
from tongxin.core.api import AUTH, install_handlers
from tongxin.orgs.api import router as orgs_router
from tongxin.programs.api import assignments as assignments_router
from tongxin.programs.api import router as programs_router
from tongxin.regions.api import router as regions_router


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
