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


def refusal_message(exc: UnsupportedInput) -> str:
    """The engine's reason for not reading a file, in the user's language."""
    messages = {
        "empty": _("文件是空的,没有可读取的文本。"),
        "binary": _("无法读取该文件:这是二进制数据或UTF-16/32编码的文本,只能读取UTF-8或GBK编码的文本。"),
        "control": _("无法读取该文件:含有大量控制字符,是二进制数据而不是文本。"),
        "encoding": _("无法读取该文件:无法识别的编码,只能读取UTF-8或GBK编码的文本。"),
        "docx": _("无法读取该Word文件,请确认它是有效的docx文档。"),
    }
    return messages.get(getattr(exc, "kind", ""), _("无法读取该文件。"))


def check_size(size: int, *, field: str) -> None:
    """Refuse text over the limit before anything is read into memory or written."""
    if size > MAX_BYTES:
        message = _("文本超过20MB上限(本次约%(mb).1fMB),请拆分后分别上传。") % {"mb": size / 1024 / 1024}
        raise Invalid(message, fields={field: [message]})


def _text_of(filename: str, data: bytes) -> tuple[str, str]:
    check_size(len(data), field="file")
    try:
        if filename.lower().endswith(".docx"):
            with tempfile.NamedTemporaryFile(suffix=".docx") as tmp:
                tmp.write(data)
                tmp.flush()
                return read_document(Path(tmp.name)), "docx"
        return decode_bytes(data)
    except UnsupportedInput as exc:
        message = refusal_message(exc)
        raise Invalid(message, fields={"file": [message]}) from None


def document_ingest(
    *, actor, program, title: str, filename: str = "", data: bytes | None = None, text: str = ""
) -> Document:
    """Decode, keep the original text, and store every figure found as a pending fact."""
    if data is not None:
        text, encoding = _text_of(filename, data)
    else:
        encoding = "pasted"
        if not text.strip():
            raise Invalid(_("请粘贴文本或上传文件。"), fields={"text": [_("粘贴的文本是空的。")]})
        check_size(len(text.encode("utf-8")), field="text")
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
