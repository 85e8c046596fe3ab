"""What every ninja router shares: authentication, the error shape, and list pagination.

Auth: a bearer token (scripts), else the browser session (CSRF-checked for writes by ninja's
SessionAuth), else anonymous for reads. Errors: `{"message", "fields"}` with 422/403/404/409.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from . import permissions
from .errors import Invalid, NotFound, TongxinError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from django.utils.module_loading import import_string

        return import_string("tongxin.accounts.services.token_user")(token)


def anonymous_read(request: HttpRequest):
    """Reads without credentials; a request that presents a bad token is refused, not downgraded."""
    if request.method in SAFE_METHODS and "authorization" not in request.headers:
        return AnonymousUser()
    return None


AUTH = [BearerToken(), SessionAuth(), anonymous_read]


def actor(request: HttpRequest):
    """The user behind the request, whichever way it authenticated."""
    return request.auth


class Page(Schema):
    count: int
    items: list[Any]


def paginate(qs, *, limit: int, offset: int, out) -> dict:
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    return {"count": qs.count(), "items": [out.from_orm(o) for o in qs[offset : offset + limit]]}


def get_visible(request, qs, **lookup):
    return permissions.get_or_404(actor(request), qs, **lookup)


def _fields_of(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query", "path")]
        fields.setdefault(".".join(loc) or "__all__", []).append(err.get("msg", "invalid"))
    return fields


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(TongxinError)
    def tongxin_error(request, exc: TongxinError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        fields = _fields_of(exc.errors)
        message = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
        return api.create_response(request, {"message": message, "fields": fields}, status=422)

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        return api.create_response(request, {"message": "需要登录或有效的令牌。", "fields": {}}, status=401)

    @api.exception_handler(NotFound)
    def not_found(request, exc: NotFound):
        return api.create_response(request, exc.as_dict(), status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(request, {"message": too_big_message(), "fields": {}}, status=413)


def too_big_message() -> str:
    from django.utils.translation import gettext as _

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024 // 1024
    return _("提交的内容超过%(mb)dMB上限,请拆分后再提交或改为上传文件。") % {"mb": limit}


def resolve_refs(data: dict, resolvers: dict) -> dict:
    """Turn reference values (codes, ids) into objects; an unknown one is a 422 naming the field."""
    out, fields = dict(data), {}
    for name, resolve in resolvers.items():
        if name not in data or data[name] in (None, ""):
            continue
        try:
            out[name] = resolve(data[name])
        except (LookupError, TongxinError) as exc:
            fields[name] = [getattr(exc, "message", None) or str(exc)]
    if fields:
        raise Invalid("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()), fields=fields)
    return out
