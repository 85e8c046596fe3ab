import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field

from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.errors import Invalid
from tongxin.indicators.models import Approx
from tongxin.programs.models import Program
from tongxin.regions.selectors import region_resolve

from . import services
from .models import Document, Fact

router = Router(tags=["ingest"])


class FactOut(Schema):
    id: int
    quote: str
    value: Decimal
    unit: str
    approx: str
    what: str
    change: bool
    optional: bool
    start: int
    end: int
    place_code: str
    place_name: str
    organization: str
    status: str
    reported_value: int | None = Field(None, alias="reported_value_id")


class DocumentOut(Schema):
    id: int
    program: int = Field(alias="program_id")
    title: str
    encoding: str
    warnings: list
    facts: list[FactOut]

    @staticmethod
    def resolve_facts(obj):
        return list(obj.facts.all())


class TextIn(Schema):
    program: int
    title: str = ""
    text: str


class ConfirmIn(Schema):
    indicator: str = Field(min_length=1, max_length=100)
    value: Decimal = Field(ge=0)
    unit: str = Field(min_length=1, max_length=20)
    approx: Approx = Approx.EXACT
    region: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class ReportedOut(Schema):
    id: int
    program: int = Field(alias="program_id")
    indicator: str = Field(alias="indicator.name")
    value: Decimal
    unit: str
    approx: str
    region: str | None = Field(None, alias="region_id")
    source_document: str = Field(alias="source_object_id")
    source_start: int | None
    source_end: int | None
    source_quote: str
    confirmed_by: str | None = None
    confirmed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_confirmed_by(obj):
        return obj.confirmed_by.get_username() if obj.confirmed_by_id else None


class ReportedPatch(Schema):
    """A correction of a confirmed value; its source and confirmation cannot be changed."""

    indicator: str | None = Field(None, min_length=1, max_length=100)
    value: Decimal | None = Field(None, ge=0)
    unit: str | None = Field(None, min_length=1, max_length=20)
    approx: Approx | None = None
    region: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    version: int | None = None


def _program(request, pk: int) -> Program:
    return get_visible(request, Program.objects.all(), pk=pk)


@router.post("/documents", response={201: DocumentOut})
def upload_text(request, payload: TextIn):
    """Pasted text → a document with every figure found as a pending fact."""
    document = services.document_ingest(
        actor=actor(request),
        program=_program(request, payload.program),
        title=payload.title,
        text=payload.text,
    )
    return Status(201, document)


@router.post("/documents/file", response={201: DocumentOut})
def upload_file(request, program: Form[int], file: File[UploadedFile], title: Form[str] = ""):
    scope = _program(request, program)
    services.check_size(file.size, field="file")
    document = services.document_ingest(
        actor=actor(request),
        program=scope,
        title=title,
        filename=file.name,
        data=file.read(),
    )
    return Status(201, document)


@router.get("/documents/{document_id}", response=DocumentOut)
def get_document(request, document_id: int):
    return get_visible(request, Document.objects.all(), pk=document_id)


@router.post("/facts/{fact_id}/confirm", response={201: ReportedOut})
def confirm_fact(request, fact_id: int, payload: ConfirmIn):
    fact = get_visible(request, Fact.objects.select_related("document__program"), pk=fact_id)
    data = resolve_refs(payload.dict(), {"region": region_resolve})
    reported = services.fact_confirm(
        actor=actor(request),
        fact=fact,
        indicator_name=data["indicator"],
        value=data["value"],
        unit=data["unit"],
        approx=data["approx"],
        region=data.get("region"),
        period_start=data["period_start"],
        period_end=data["period_end"],
    )
    return Status(201, reported)


@router.post("/facts/{fact_id}/reject", response=FactOut)
def reject_fact(request, fact_id: int):
    fact = get_visible(request, Fact.objects.select_related("document__program"), pk=fact_id)
    return services.fact_reject(actor=actor(request), fact=fact)


@router.get("/reported", response=list[ReportedOut])
def reported_values(request, program: int | None = None):
    from tongxin.indicators.selectors import reported_value_list

    scope = _program(request, program) if program else None
    return list(reported_value_list(user=actor(request), program=scope)[:500])


def _reported(request, reported_id: int):
    from tongxin.indicators.models import ReportedValue

    return get_visible(
        request, ReportedValue.objects.select_related("indicator", "confirmed_by"), pk=reported_id
    )


@router.patch("/reported/{reported_id}", response=ReportedOut)
def update_reported(request, reported_id: int, payload: ReportedPatch):
    """Correct a confirmed value (send `version` to be refused if someone changed it meanwhile)."""
    from tongxin.indicators.services import reported_value_update

    reported = _reported(request, reported_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    for name in ("indicator", "value", "unit", "approx"):
        if name in data and data[name] is None:
            raise Invalid(_("%(f)s不能为空。") % {"f": name}, fields={name: [_("必填")]})
    return reported_value_update(
        actor=actor(request),
        reported=reported,
        data=resolve_refs(data, {"region": region_resolve}),
        expected_version=version,
    )


@router.delete("/reported/{reported_id}", response={204: None})
def delete_reported(request, reported_id: int):
    from tongxin.indicators.services import reported_value_delete

    reported_value_delete(actor=actor(request), reported=_reported(request, reported_id))
    return Status(204, None)
