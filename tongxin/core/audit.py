"""The audit trail (留痕): one writer, `record()`, called inside each service's transaction.

The source (web, API, import, command) and the batch id come from a context set once per request,
import or command, so services do not thread them through every call.
"""

import contextvars
import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


@dataclass(frozen=True)
class Context:
    source: str = AuditEntry.Source.COMMAND
    batch: uuid.UUID | None = None


_DEFAULT = Context()
_context: contextvars.ContextVar[Context] = contextvars.ContextVar("tongxin_audit", default=_DEFAULT)
ACTIONS: dict[str, str] = {}


def register(name: str, label: str) -> None:
    """Each app names its actions once (in `AppConfig.ready`) with the label the history shows."""
    ACTIONS[name] = label


@contextmanager
def context(*, source: str, batch: uuid.UUID | None = None) -> Iterator[Context]:
    token = _context.set(Context(source=source, batch=batch))
    try:
        yield _context.get()
    finally:
        _context.reset(token)


def plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


_SKIPPED = {"created_at", "updated_at", "version"}


def snapshot(obj: models.Model, *, linked: dict | None = None) -> dict:
    """The audited state of a row: concrete fields and, once saved, its many-to-many ids (from
    `linked`, field name → pk → ids, when the caller read them for many rows at once)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIPPED or field.primary_key:
            continue
        data[field.name] = plain(getattr(obj, field.attname))
    if obj.pk:
        for field in obj._meta.many_to_many:
            if linked is not None and field.name in linked:
                data[field.name] = linked[field.name].get(obj.pk, [])
                continue
            data[field.name] = sorted(
                plain(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True)
            )
    return data


def _linked(objs: list[models.Model]) -> dict:
    """The many-to-many ids of saved rows of one model, one query per field: what `snapshot`
    reads row by row otherwise (a bulk loader's 3,702 pairings were 3,702 queries)."""
    pks = [obj.pk for obj in objs if obj.pk is not None]
    if not pks:
        return {}
    out = {}
    for field in objs[0]._meta.many_to_many:
        through = field.remote_field.through._meta
        source, target = (
            through.get_field(field.m2m_field_name()),
            through.get_field(field.m2m_reverse_field_name()),
        )
        if not (source.target_field.primary_key and target.target_field.primary_key):
            continue  # linked by another column than the key: `snapshot` reads these rows itself
        filters = {f"{source.attname}__in": pks}
        visible = target.related_model._default_manager.get_queryset()
        if visible.query.has_filters():  # as the row's own manager reads them: no deleted rows
            filters[f"{target.attname}__in"] = visible.values("pk")
        ids: dict = {}
        pairs = through.model.objects.filter(**filters).values_list(source.attname, target.attname)
        for pk, other in pairs:
            ids.setdefault(pk, []).append(plain(other))
        out[field.name] = {pk: sorted(values) for pk, values in ids.items()}
    return out


def diff(before: dict, after: dict) -> dict:
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _common(actor, action: str) -> dict:
    """What every entry records besides its object: the registered action, who, and the source
    and batch of the request or command it came from."""
    if action not in ACTIONS:
        raise KeyError(f"audit action {action!r} is not registered")
    ctx = _context.get()
    real_actor = actor if getattr(actor, "pk", None) else None
    return {
        "actor": real_actor,
        "actor_label": real_actor.get_username() if real_actor else "system",
        "action": action,
        "source": ctx.source,
        "batch": ctx.batch,
    }


def record(
    *, actor, action: str, obj: models.Model, changes: dict, program_id: int | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        **_common(actor, action),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        program_id=program_id,
        changes=changes,
    )


def record_bulk(*, actor, action: str, objs, program_id_of=None, batch_size: int = 2000) -> int:
    """For loaders that bulk-create thousands of rows: one 'created' entry per row, written in
    batches inside the caller's transaction, so bulk paths stay as attributable as single writes."""
    common = _common(actor, action)
    written, objs = 0, iter(objs)
    while batch := list(islice(objs, batch_size)):
        content_type = ContentType.objects.get_for_model(batch[0], for_concrete_model=True)
        linked = _linked(batch)
        entries = [
            AuditEntry(
                **common,
                content_type=content_type,
                object_id=str(obj.pk),
                object_label=str(obj)[:300],
                program_id=program_id_of(obj) if program_id_of else None,
                changes=diff({}, snapshot(obj, linked=linked)),
            )
            for obj in batch
        ]
        AuditEntry.objects.bulk_create(entries)
        written += len(entries)
    return written


def record_runs(
    *, actor, action: str, model: type[models.Model], pks: list[int], changes: dict, program_id=None
) -> int:
    """For bulk imports: one entry per run of consecutive primary keys among `pks`, naming the
    run (`first_pk`..`last_pk`), so each created row's history still shows who created it, when,
    from which batch, at the cost of a few entries rather than one per row."""
    common = _common(actor, action)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    noun = model._meta.verbose_name
    entries = [
        AuditEntry(
            **common,
            content_type=content_type,
            object_id="",
            first_pk=first,
            last_pk=last,
            object_label=f"{noun} #{first}–#{last}"[:300] if last > first else f"{noun} #{first}",
            program_id=program_id,
            changes={**changes, "rows": [None, last - first + 1]},
        )
        for first, last in runs(pks)
    ]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


def runs(pks: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of the sorted distinct `pks`, as (first, last) pairs."""
    out: list[list[int]] = []
    for pk in sorted(set(pks)):
        if out and pk == out[-1][1] + 1:
            out[-1][1] = pk
        else:
            out.append([pk, pk])
    return [(first, last) for first, last in out]


def history(obj: models.Model):
    """The row's own entries and those of the bulk runs it was created in."""
    named = models.Q(object_id=str(obj.pk))
    if isinstance(obj.pk, int):
        named |= models.Q(first_pk__lte=obj.pk, last_pk__gte=obj.pk)
    return AuditEntry.objects.filter(
        named, content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True)
    ).select_related("actor")


register("created", "创建")
register("updated", "修改")
register("deleted", "删除")
register("restored", "恢复")
