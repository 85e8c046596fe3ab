"""/api/sites: the ledger list (filters, totals), a site with its evaluation history, one endpoint per
write; /api/sites/evaluations the evaluation ledger; /api/sites/templates the scoring templates."""

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.ledger.api import add_import, add_list, add_pivot
from tongxin.regions.selectors import region_resolve

from . import services
from .ledgers import EVALUATIONS, SITES
from .models import Evaluation, Kind, Site, Template, Tier
from .models import Status as SiteStatus

router = Router(tags=["sites"])


class SiteOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    series: str
    tier: str
    region: str = Field(alias="region_id")
    region_name: str = Field(alias="region.name")
    host: int = Field(alias="host_id")
    host_name: str = Field(alias="host.name")
    program: int | None = Field(None, alias="program_id")
    designated_on: dt.date
    status: str
    status_on: dt.date | None
    address: str
    note: str
    is_demo: bool
    version: int


class ScoreOut(Schema):
    name: str
    weight: Decimal
    max_score: Decimal
    score: Decimal


class EvaluationOut(Schema):
    id: int
    site: int = Field(alias="site_id")
    site_name: str = Field(alias="site.name")
    year: int
    template: int = Field(alias="template_id")
    evaluated_on: dt.date
    evaluator: str
    total: Decimal
    maximum: Decimal
    percent: Decimal
    grade: str
    note: str
    scores: list[ScoreOut]
    evidence: list[str]

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.all())

    @staticmethod
    def resolve_evidence(obj):
        return [e.file.url for e in obj.evidence.all()]


class SiteDetail(SiteOut):
    evaluations: list[EvaluationOut]

    @staticmethod
    def resolve_evaluations(obj):
        return list(obj.evaluations.all().prefetch_related("scores", "evidence"))


class SiteIn(Schema):
    code: str = ""
    name: str = Field(..., min_length=1, max_length=200)
    kind: Kind
    series: str = ""
    tier: Tier
    region: str
    host: int
    program: int | None = None
    designated_on: dt.date
    address: str = ""
    note: str = ""


class SitePatch(Schema):
    code: str | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None
    series: str | None = None
    tier: Tier | None = None
    region: str | None = None
    host: int | None = None
    program: int | None = None
    designated_on: dt.date | None = None
    address: str | None = None
    note: str | None = None
    version: int | None = None


class StatusIn(Schema):
    status: SiteStatus
    on: dt.date | None = None
    note: str = ""
    version: int | None = None


class EvaluationIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    template: int
    scores: dict[str, Decimal] = Field(..., description="item id or item name → score")
    evaluated_on: dt.date | None = None
    evaluator: str = ""
    note: str = ""


class ItemOut(Schema):
    id: int
    name: str
    weight: Decimal
    max_score: Decimal
    guidance: str


class TemplateOut(Schema):
    id: int
    name: str
    kind: str
    active: bool
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


def _refs(request, data: dict) -> dict:
    user = actor(request)
    return resolve_refs(
        data,
        {
            "host": refs.visible("orgs.Organization", user),
            "program": refs.visible("programs.Program", user),
            "region": region_resolve,
        },
    )


add_list(router, SITES, SiteOut)
add_pivot(router, SITES)
add_import(router, SITES)
add_list(router, EVALUATIONS, EvaluationOut, path="/evaluations")


@router.get("/templates", response=list[TemplateOut])
def list_templates(request):
    return list(Template.objects.filter(active=True).prefetch_related("items"))


@router.get("/{site_id}", response=SiteDetail)
def get_site(request, site_id: int):
    return get_visible(request, Site.objects.select_related("region", "host"), pk=site_id)


@router.post("", response={201: SiteDetail})
def create_site(request, payload: SiteIn):
    return Status(201, services.site_create(actor=actor(request), **_refs(request, payload.dict())))


@router.patch("/{site_id}", response=SiteDetail)
def update_site(request, site_id: int, payload: SitePatch):
    site = get_visible(request, Site.objects.all(), pk=site_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.site_update(
        actor=actor(request), site=site, data=_refs(request, data), expected_version=version
    )


@router.post("/{site_id}/status", response=SiteDetail)
def set_status(request, site_id: int, payload: StatusIn):
    site = get_visible(request, Site.objects.all(), pk=site_id)
    return services.site_set_status(
        actor=actor(request),
        site=site,
        status=payload.status,
        on=payload.on,
        note=payload.note,
        expected_version=payload.version,
    )


@router.post("/{site_id}/evaluations", response={201: EvaluationOut})
def evaluate(request, site_id: int, payload: EvaluationIn):
    site = get_visible(request, Site.objects.all(), pk=site_id)
    template = get_visible(request, Template.objects.filter(active=True), pk=payload.template)
    evaluation = services.evaluation_record(
        actor=actor(request),
        site=site,
        year=payload.year,
        template=template,
        scores={int(k) if k.isdigit() else k: v for k, v in payload.scores.items()},
        evaluated_on=payload.evaluated_on,
        evaluator=payload.evaluator,
        note=payload.note,
    )
    return Status(201, Evaluation.objects.get(pk=evaluation.pk))


@router.delete("/{site_id}", response={204: None})
def delete_site(request, site_id: int):
    site = get_visible(request, Site.objects.all(), pk=site_id)
    services.site_delete(actor=actor(request), site=site)
    return Status(204, None)
