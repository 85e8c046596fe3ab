"""/api/matching: needs and offers (ledger lists and writes), settings, runs, matches and review."""

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.ledger.api import add_list
from tongxin.domains.selectors import domain_get
from tongxin.programs.models import Program
from tongxin.regions.selectors import region_resolve

from . import selectors, services
from .forbidden_api import router as forbidden_router
from .ledgers import NEEDS, OFFERS
from .models import Match, MatchingRun, Need, NeedKind, NeedStatus, Offer, OfferStatus

router = Router(tags=["matching"])
router.add_router("", forbidden_router)


class NeedOut(Schema):
    id: int
    ref: str
    program: int = Field(alias="program_id")
    kind: str
    domain: str = Field(alias="domain.code")
    title: str
    text: str
    requester: int | None = Field(None, alias="requester_id")
    region: str = Field(alias="region_id")
    region_name: str = Field(alias="region.name")
    amount: Decimal | None
    quantity: int | None
    unit: str
    partners_wanted: int
    status: str
    evidence: str
    fulfilled_on: dt.date | None
    version: int


class NeedIn(Schema):
    program: int
    kind: NeedKind = NeedKind.NEED
    domain: str
    title: str = ""
    text: str
    requester: int | None = None
    region: str | None = None
    amount: Decimal | None = None
    quantity: int | None = None
    unit: str = ""
    partners_wanted: int = 1
    ref: str = ""


class NeedPatch(Schema):
    kind: NeedKind | None = None
    domain: str | None = None
    title: str | None = None
    text: str | None = None
    requester: int | None = None
    region: str | None = None
    amount: Decimal | None = None
    quantity: int | None = None
    unit: str | None = None
    partners_wanted: int | None = None
    ref: str | None = None
    version: int | None = None


class NeedStatusIn(Schema):
    status: NeedStatus
    evidence: str = ""
    on: dt.date | None = None


class OfferOut(Schema):
    id: int
    ref: str
    program: int = Field(alias="program_id")
    organization: int = Field(alias="organization_id")
    organization_name: str = Field(alias="organization.name")
    domain: str = Field(alias="domain.code")
    title: str
    text: str
    capacity: int
    region: str = Field(alias="region_id")
    regions: list[str]
    status: str
    version: int

    @staticmethod
    def resolve_regions(obj):
        return [r.pk for r in obj.regions.all()]


class OfferIn(Schema):
    program: int
    organization: int
    domain: str
    title: str = ""
    text: str
    capacity: int = 1
    region: str | None = None
    regions: list[str] = []
    status: OfferStatus = OfferStatus.OPEN
    ref: str = ""


class OfferPatch(Schema):
    domain: str | None = None
    title: str | None = None
    text: str | None = None
    capacity: int | None = None
    region: str | None = None
    regions: list[str] | None = None
    status: OfferStatus | None = None
    ref: str | None = None
    version: int | None = None


class Part(Schema):
    name: str
    label: str
    value: float
    detail: str


class MatchOut(Schema):
    id: int
    program: int = Field(alias="program_id")
    need: int = Field(alias="need_id")
    need_title: str = Field(alias="need.title")
    offer: int = Field(alias="offer_id")
    offer_title: str = Field(alias="offer.title")
    run: int | None = Field(None, alias="run_id")
    score: float
    parts: list[Part]
    phrases: list[str]
    status: str
    locked: bool
    reason: str
    pairing: int | None = Field(None, alias="pairing_id")

    @staticmethod
    def resolve_parts(obj):
        return _parts(obj.parts)


def _parts(parts: dict) -> list[dict]:
    names = list(selectors.PART_LABELS)
    return [
        {"name": names[i], "label": label, "value": value, "detail": str(detail)}
        for i, (label, value, detail) in enumerate(selectors.explain(parts))
    ]


class MatchPage(Schema):
    count: int
    items: list[MatchOut]


class RunOut(Schema):
    id: int
    program: int = Field(alias="program_id")
    status: str
    progress: float
    stage: str
    message: str
    needs: int
    offers: int
    pairs: int
    objective: float | None
    certificate: dict
    timings: dict
    settings: dict
    created_at: dt.datetime
    finished_at: dt.datetime | None


class RunIn(Schema):
    program: int


class SettingsIO(Schema):
    weight_text: float | None = None
    weight_domain: float | None = None
    weight_distance: float | None = None
    weight_rule: float | None = None
    same_province: bool | None = None
    east_west: bool | None = None
    exclude_paired: bool | None = None
    min_score: float | None = None
    top_k: int | None = None


class ReasonIn(Schema):
    reason: str = ""


class LockIn(Schema):
    locked: bool = True


class AgreeIn(Schema):
    kind: str = ""
    signed_on: dt.date | None = None
    responsibilities: str = ""


class PartnerOut(Schema):
    offer: int
    offer_title: str
    organization: str
    score: float
    parts: list[Part]
    phrases: list[str]
    match: int | None


def _refs(request, data: dict) -> dict:
    user = actor(request)
    return resolve_refs(
        data,
        {
            "program": refs.visible("programs.Program", user),
            "domain": domain_get,
            "requester": refs.visible("orgs.Organization", user),
            "organization": refs.visible("orgs.Organization", user),
            "region": region_resolve,
            "regions": lambda codes: [region_resolve(c) for c in codes],
        },
    )


add_list(router, NEEDS, NeedOut, path="/needs")
add_list(router, OFFERS, OfferOut, path="/offers")


@router.post("/needs", response={201: NeedOut})
def create_need(request, payload: NeedIn):
    data = {k: v for k, v in _refs(request, payload.dict()).items() if v is not None}
    return Status(201, services.need_create(actor=actor(request), **data))


@router.get("/needs/{need_id}", response=NeedOut)
def get_need(request, need_id: int):
    return get_visible(request, Need.objects.select_related("domain", "region"), pk=need_id)


@router.patch("/needs/{need_id}", response=NeedOut)
def update_need(request, need_id: int, payload: NeedPatch):
    need = get_visible(request, Need.objects.all(), pk=need_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.need_update(
        actor=actor(request), need=need, data=_refs(request, data), expected_version=version
    )


@router.post("/needs/{need_id}/status", response=NeedOut, summary="需求状态:待对接→已对接→已实现/已关闭")
def need_status(request, need_id: int, payload: NeedStatusIn):
    need = get_visible(request, Need.objects.all(), pk=need_id)
    return services.need_transition(
        actor=actor(request), need=need, status=payload.status, evidence=payload.evidence, on=payload.on
    )


@router.delete("/needs/{need_id}", response={204: None})
def delete_need(request, need_id: int):
    services.need_delete(actor=actor(request), need=get_visible(request, Need.objects.all(), pk=need_id))
    return Status(204, None)


@router.get("/needs/{need_id}/partners", response=list[PartnerOut], summary="该需求最合适的伙伴(含解释)")
def need_partners(request, need_id: int, k: int = 5):
    need = get_visible(request, Need.objects.select_related("program", "domain"), pk=need_id)
    return [
        {
            "offer": p.offer.pk,
            "offer_title": p.offer.title,
            "organization": p.offer.organization.name,
            "score": p.score,
            "parts": _parts(p.parts),
            "phrases": p.phrases,
            "match": p.match.pk if p.match else None,
        }
        for p in selectors.best_partners(user=actor(request), need=need, k=k)
    ]


@router.post("/offers", response={201: OfferOut})
def create_offer(request, payload: OfferIn):
    data = {k: v for k, v in _refs(request, payload.dict()).items() if v is not None}
    return Status(201, services.offer_create(actor=actor(request), **data))


@router.get("/offers/{offer_id}", response=OfferOut)
def get_offer(request, offer_id: int):
    return get_visible(request, Offer.objects.select_related("domain", "organization"), pk=offer_id)


@router.patch("/offers/{offer_id}", response=OfferOut)
def update_offer(request, offer_id: int, payload: OfferPatch):
    offer = get_visible(request, Offer.objects.all(), pk=offer_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.offer_update(
        actor=actor(request), offer=offer, data=_refs(request, data), expected_version=version
    )


@router.delete("/offers/{offer_id}", response={204: None})
def delete_offer(request, offer_id: int):
    services.offer_delete(actor=actor(request), offer=get_visible(request, Offer.objects.all(), pk=offer_id))
    return Status(204, None)


def _settings_dict(settings) -> dict:
    return {f: getattr(settings, f) for f in services.records.SETTINGS_FIELDS}


@router.get("/programs/{program_id}/settings", response=SettingsIO)
def get_settings(request, program_id: int):
    program = get_visible(request, Program.objects.all(), pk=program_id)
    return _settings_dict(services.settings_get(program=program))


@router.put("/programs/{program_id}/settings", response=SettingsIO)
def put_settings(request, program_id: int, payload: SettingsIO):
    program = get_visible(request, Program.objects.all(), pk=program_id)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    return _settings_dict(services.settings_update(actor=actor(request), program=program, data=data))


@router.post("/runs", response={202: RunOut}, summary="发起对接计算(后台运行,轮询 GET /runs/{id})")
def start_run(request, payload: RunIn):
    program = get_visible(request, Program.objects.all(), pk=payload.program)
    return Status(202, services.run_start(actor=actor(request), program=program))


@router.get("/runs/{run_id}", response=RunOut)
def get_run(request, run_id: int):
    return get_visible(request, MatchingRun.objects.all(), pk=run_id)


@router.post("/runs/{run_id}/cancel", response=RunOut)
def cancel_run(request, run_id: int):
    run = get_visible(request, MatchingRun.objects.all(), pk=run_id)
    return services.run_cancel(actor=actor(request), run=run)


@router.get("/matches", response=MatchPage)
def list_matches(
    request,
    program: int | None = None,
    run: int | None = None,
    status: str = "",
    need: int | None = None,
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.match_list(user=actor(request), status=status)
    if program:
        qs = qs.filter(program_id=program)
    if run:
        qs = qs.filter(run_id=run)
    if need:
        qs = qs.filter(need_id=need)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.get("/matches/{match_id}", response=MatchOut, summary="一对对接及其得分构成、共同词语")
def get_match(request, match_id: int):
    return get_visible(request, selectors.match_list(user=actor(request)), pk=match_id)


def _match(request, match_id: int) -> Match:
    return get_visible(
        request, Match.objects.select_related("need", "offer__organization", "program"), pk=match_id
    )


@router.post("/matches/{match_id}/accept", response=MatchOut)
def accept(request, match_id: int, payload: ReasonIn):
    return services.match_accept(actor=actor(request), match=_match(request, match_id), reason=payload.reason)


@router.post("/matches/{match_id}/reject", response=MatchOut)
def reject(request, match_id: int, payload: ReasonIn):
    return services.match_reject(actor=actor(request), match=_match(request, match_id), reason=payload.reason)


@router.post("/matches/{match_id}/lock", response=MatchOut)
def lock(request, match_id: int, payload: LockIn):
    return services.match_lock(actor=actor(request), match=_match(request, match_id), locked=payload.locked)


@router.post("/matches/{match_id}/agree", response=MatchOut, summary="双方达成一致:生成已签约的结对")
def agree(request, match_id: int, payload: AgreeIn):
    return services.match_agree(
        actor=actor(request),
        match=_match(request, match_id),
        kind=payload.kind,
        signed_on=payload.signed_on,
        responsibilities=payload.responsibilities,
    )
