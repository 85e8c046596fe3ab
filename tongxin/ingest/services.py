"""Reading a document into facts, and the user's decision on each: confirm (into an indicator
value that keeps its provenance), or reject. Extraction itself is the pure `engine`."""

import tempfile
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit, crud
from tongxin.core.errors import Invalid
from tongxin.indicators.services import indicator_get_or_create, reported_value_confirm

from .engine import UnsupportedInput, decode_bytes, extract_text, normalize
from .engine.extract import read_document
from .models import Document, Fact

MAX_BYTES = 20 * 1024 * 1024


def _text_of(filename: str, data: bytes) -> tuple[str, str]:
    if not data or not data.strip():
        raise Invalid(_("文件是空的。"), fields={"file": [_("空文件")]})
    if len(data) > MAX_BYTES:
        raise Invalid(_("文本超过20MB上限。"), fields={"file": [_("超过20MB")]})
    if filename.lower().endswith(".docx"):
        with tempfile.NamedTemporaryFile(suffix=".docx") as tmp:
            tmp.write(data)
            tmp.flush()
            try:
                return read_document(Path(tmp.name)), "docx"
            except Exception:  # python-docx raises several types for files that are not Word documents
                raise Invalid(_("无法读取该Word文件。"), fields={"file": [_("不是有效的docx文件")]}) from None
    try:
        return decode_bytes(data)
    except UnsupportedInput as exc:
        raise Invalid(_("无法读取该文件:%(e)s") % {"e": exc}, fields={"file": [str(exc)]}) from None


def document_ingest(
    *, actor, program, title: str, filename: str = "", data: bytes | None = None, text: str = ""
) -> Document:
    """Decode, keep the original text, and store every figure found as a pending fact."""
    if data is not None:
        text, encoding = _text_of(filename, data)
    else:
        encoding = "pasted"
        if not text.strip():
            raise Invalid(_("请粘贴文本或上传文件。"), fields={"text": [_("空文本")]})
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise Invalid(_("文本超过20MB上限。"), fields={"text": [_("超过20MB")]})
    norm = normalize(text)
    document = Document(
        program=program,
        title=(title or filename or _("粘贴的文本"))[:200],
        filename=filename[:200],
        encoding=encoding,
        text=text,
        warnings=[{"start": w.start, "end": w.end, "kind": w.kind, "text": w.text} for w in norm.warnings],
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    with transaction.atomic():
        crud.create(actor=actor, instance=document, action="ingest.uploaded")
        body = filename.lower().endswith(".docx") is False
        Fact.objects.bulk_create(
            Fact(
                document=document,
                quote=f.quote[:500],
                value=Decimal(str(f.value)),
                unit=f.unit,
                approx=f.approx,
                what=f.what[:100],
                change=f.change,
                optional=f.optional,
                start=f.start,
                end=f.end,
                place_code=(f.place or {}).get("code", ""),
                place_name=(f.place or {}).get("name", ""),
                organization=(f.organization or "")[:200],
            )
            for f in extract_text(text, body=body)
        )
    return document


def fact_confirm(
    *,
    actor,
    fact: Fact,
    indicator_name: str,
    value: Decimal,
    unit: str,
    approx: str,
    region=None,
    period_start=None,
    period_end=None,
):
    """The user's confirmation turns a fact into a reported value that remembers where it came from."""
    if fact.status != Fact.Status.PENDING:
        raise Invalid(
            _("该数字已处理(%(s)s)。") % {"s": fact.get_status_display()}, fields={"status": [fact.status]}
        )
    with transaction.atomic():
        indicator = indicator_get_or_create(
            actor=actor, name=indicator_name or fact.what or _("未命名指标"), unit=unit
        )
        reported = reported_value_confirm(
            actor=actor,
            program=fact.document.program,
            indicator=indicator,
            value=value,
            unit=unit,
            approx=approx,
            region=region,
            period_start=period_start,
            period_end=period_end,
            source=fact.document,
            source_start=fact.start,
            source_end=fact.end,
            source_quote=fact.quote,
        )
        _decide(actor, fact, Fact.Status.CONFIRMED, reported)
    return reported


def fact_reject(*, actor, fact: Fact) -> Fact:
    if fact.status != Fact.Status.PENDING:
        raise Invalid(
            _("该数字已处理(%(s)s)。") % {"s": fact.get_status_display()}, fields={"status": [fact.status]}
        )
    with transaction.atomic():
        _decide(actor, fact, Fact.Status.REJECTED, None)
    return fact


def _decide(actor, fact: Fact, status: str, reported) -> None:
    from tongxin.core import permissions

    permissions.require(actor, permissions.CHANGE, fact)
    before = fact.status
    fact.status, fact.reported_value, fact.decided_by = (
        status,
        reported,
        actor if getattr(actor, "pk", None) else None,
    )
    fact.save(update_fields=["status", "reported_value", "decided_by", "updated_at"])
    audit.record(
        actor=actor,
        action=f"ingest.{status}",
        obj=fact,
        changes={"status": [before, status], **({"reported_value": [None, reported.pk]} if reported else {})},
        program_id=fact.document.program_id,
    )
