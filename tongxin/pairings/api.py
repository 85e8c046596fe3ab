"""/api/pairings: the ledger list, one pairing, writes, status steps, roll-up and coverage."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.errors import Invalid
from tongxin.core.ledger.api import add_list
from tongxin.programs.models import Program
from tongxin.regions.selectors import region_resolve

from . import selectors, services
from .ledgers import PAIRINGS
from .models import Kind, Pairing
from .models import Status as PairingStatus

router = Router(tags=["pairings"])


class OrgRef(Schema):
    id: int
    name: str


class PairingOut(Schema):
    id: int
    ref: str
    program: int = Field(alias="program_id")
    kind: str
    helpers: list[OrgRef]
    target_org: int | None = Field(None, alias="target_org_id")
    target_region: str | None = Field(None, alias="target_region_id")
    target_name: str
    place: str | None = Field(None, alias="place_id")
    status: str
    signed_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    agreement: int | None = Field(None, alias="agreement_id")
    responsibilities: str
    note: str
    version: int

    @staticmethod
    def resolve_helpers(obj):
        return [{"id": o.pk, "name": o.name} for o in obj.helpers.all()]

    @staticmethod
    def resolve_target_name(obj):
        return str(obj.target)


class PairingIn(Schema):
    program: int
    kind: Kind
    helpers: list[int] = Field(min_length=1)
    target_org: int | None = None
    target_region: str | None = None
    status: PairingStatus = PairingStatus.PROPOSED
    ref: str = ""
    signed_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    agreement: int | None = None
    responsibilities: str = ""
    note: str = ""


class PairingPatch(Schema):
    kind: Kind | None = None
    helpers: list[int] | None = None
    target_org: int | None = None
    target_region: str | None = None
    ref: str | None = None
    signed_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    agreement: int | None = None
    responsibilities: str | None = None
    note: str | None = None
    version: int | None = None


class TransitionIn(Schema):
    status: PairingStatus
    on: dt.date | None = None
    note: str = ""


class RollupOut(Schema):
    helpers: int
    targets: int
    pairings: int
    projects: int
    by_status: dict[str, int]


class CoverageOut(Schema):
    region: str
    region_name: str
    target: str
    label: str
    covered: int
    total: int
    rate: float | None
    uncovered_count: int
    uncovered: list[dict]


def _refs(request, data: dict) -> dict:
    user = actor(request)
    return resolve_refs(
        data,
        {
            "program": refs.visible("programs.Program", user),
            "helpers": refs.visible_many("orgs.Organization", user),
            "target_org": refs.visible("orgs.Organization", user),
            "target_region": region_resolve,
            "agreement": refs.visible("programs.Agreement", user),
        },
    )


def _program(request, program: int | None):
    return get_visible(request, Program.objects.all(), pk=program) if program else None


add_list(router, PAIRINGS, PairingOut)


@router.get("/rollup", response=RollupOut, summary="结对汇总:帮扶方、对象、结对、项目(去重)")
def rollup(request, program: int | None = None, region: str = "", kind: str = "", status: str = ""):
    prefix = region_resolve(region).prefix if region else ""
    qs = selectors.pairing_list(
        user=actor(request), program=_program(request, program), region=prefix, kind=kind, status=status
    )
    return selectors.pairing_rollup(qs).__dict__


@router.get("/coverage", response=CoverageOut, summary="覆盖率:有在帮扶中结对的对象 ÷ 该地区全部对象")
def coverage(request, region: str, target: str, program: int | None = None, limit: int = 100):
    place = region_resolve(region)
    try:
        found = selectors.pairing_coverage(
            user=actor(request),
            region=place,
            target_kind=target,
            program=_program(request, program),
            limit=max(0, min(limit, 1000)),
        )
    except LookupError as exc:
        raise Invalid(str(exc), fields={"target": [str(exc)]}) from None
    return {
        "region": place.code,
        "region_name": place.name,
        "target": target,
        "label": found.label,
        "covered": found.covered,
        "total": found.total,
        "rate": float(found.rate) if found.rate is not None else None,
        "uncovered_count": found.uncovered_count,
        "uncovered": [{"id": t.pk, "name": t.name} for t in found.uncovered],
    }


@router.get("/{pairing_id}", response=PairingOut)
def get_pairing(request, pairing_id: int):
    return get_visible(request, Pairing.objects.all(), pk=pairing_id)


@router.post("", response={201: PairingOut})
def create_pairing(request, payload: PairingIn):
    data = _refs(request, payload.dict())
    return Status(201, services.pairing_create(actor=actor(request), **data))


@router.patch("/{pairing_id}", response=PairingOut)
def update_pairing(request, pairing_id: int, payload: PairingPatch):
    pairing = get_visible(request, Pairing.objects.all(), pk=pairing_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.pairing_update(
        actor=actor(request), pairing=pairing, data=_refs(request, data), expected_version=version
    )


@router.post("/{pairing_id}/transition", response=PairingOut, summary="状态变更:拟结对→已签约→帮扶中→已结束")
def transition(request, pairing_id: int, payload: TransitionIn):
    pairing = get_visible(request, Pairing.objects.all(), pk=pairing_id)
    return services.pairing_transition(
        actor=actor(request), pairing=pairing, status=payload.status, on=payload.on, note=payload.note
    )


@router.delete("/{pairing_id}", response={204: None})
def delete_pairing(request, pairing_id: int):
    pairing = get_visible(request, Pairing.objects.all(), pk=pairing_id)
    services.pairing_delete(actor=actor(request), pairing=pairing)
    return Status(204, None)
