"""/api/matching: the program's standing 禁止对接 list (read, add, remove), mounted on the matching router."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.programs.models import Program

from . import selectors, services
from .models import ForbiddenPair

router = Router(tags=["matching"])


class ForbiddenOut(Schema):
    id: int
    program: int = Field(alias="program_id")
    need: int | None = Field(None, alias="need_id")
    need_title: str | None = None
    offer: int | None = Field(None, alias="offer_id")
    offer_title: str | None = None
    need_org: int | None = Field(None, alias="need_org_id")
    need_org_name: str | None = None
    offer_org: int | None = Field(None, alias="offer_org_id")
    offer_org_name: str | None = None
    reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_need_title(obj):
        return obj.need.title if obj.need_id else None

    @staticmethod
    def resolve_offer_title(obj):
        return obj.offer.title if obj.offer_id else None

    @staticmethod
    def resolve_need_org_name(obj):
        return obj.need_org.name if obj.need_org_id else None

    @staticmethod
    def resolve_offer_org_name(obj):
        return obj.offer_org.name if obj.offer_org_id else None


class ForbiddenIn(Schema):
    """Either `need` + `offer`, or `need_org` + `offer_org` (every need of the one with every offer of
    the other)."""

    need: int | None = None
    offer: int | None = None
    need_org: int | None = None
    offer_org: int | None = None
    reason: str


@router.get(
    "/programs/{program_id}/forbidden", response=list[ForbiddenOut], summary="禁止对接名单(每次计算都排除)"
)
def list_forbidden(request, program_id: int):
    program = get_visible(request, Program.objects.all(), pk=program_id)
    return list(selectors.forbidden_list(user=actor(request), program=program))


@router.post("/programs/{program_id}/forbidden", response={201: ForbiddenOut}, summary="列入禁止对接名单")
def add_forbidden(request, program_id: int, payload: ForbiddenIn):
    user = actor(request)
    program = get_visible(request, Program.objects.all(), pk=program_id)
    data = resolve_refs(
        payload.dict(),
        {
            "need": refs.visible("matching.Need", user),
            "offer": refs.visible("matching.Offer", user),
            "need_org": refs.visible("orgs.Organization", user),
            "offer_org": refs.visible("orgs.Organization", user),
        },
    )
    return Status(201, services.forbidden_add(actor=user, program=program, **data))


@router.delete("/forbidden/{entry_id}", response={204: None}, summary="移出禁止对接名单")
def remove_forbidden(request, entry_id: int):
    entry = get_visible(request, ForbiddenPair.objects.all(), pk=entry_id)
    services.forbidden_remove(actor=actor(request), entry=entry)
    return Status(204, None)
