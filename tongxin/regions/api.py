from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tongxin.core.api import actor
from tongxin.core.errors import Invalid, NotFound

from . import selectors, services
from .models import Level

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent_id


class RegionPage(Schema):
    count: int
    items: list[RegionOut]


class CandidateOut(Schema):
    code: str
    name: str
    level: str
    path: list[str]


class VillageIn(Schema):
    township: str
    name: str
    code: str = ""


@router.get("", response=RegionPage)
def list_regions(
    request, q: str = "", level: Level | None = None, parent: str = "", limit: int = 50, offset: int = 0
):
    qs = selectors.region_list(q=q, level=level or "", parent=parent)
    limit = max(1, min(limit, 500))
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.get("/lookup", response=list[CandidateOut])
def lookup(request, name: str, within: str = ""):
    """Every region the name can mean, each with its parents; an ambiguous name returns several."""
    scope = selectors.region_get(code=within) if within else None
    return [
        {
            "code": c.region.code,
            "name": c.region.name,
            "level": c.region.level,
            "path": [p.name for p in c.path],
        }
        for c in selectors.region_lookup(name, within=scope)
    ]


@router.get("/{code}", response=RegionOut)
def get_region(request, code: str):
    region = selectors.region_get(code=code)
    if region is None:
        candidates = selectors.region_lookup(code)
        hint = "; ".join(f"{c.region.code} {c.label}" for c in candidates[:10])
        raise NotFound(_("未找到区划代码 %(c)s。%(h)s") % {"c": code, "h": hint})
    return region


@router.post("/villages", response={201: RegionOut})
def add_village(request, payload: VillageIn):
    township = selectors.region_get(code=payload.township)
    if township is None:
        raise Invalid(_("未找到乡镇 %(c)s。") % {"c": payload.township}, fields={"township": [_("未知区划")]})
    village = services.village_create(
        actor=actor(request), township=township, name=payload.name, code=payload.code
    )
    return Status(201, village)
