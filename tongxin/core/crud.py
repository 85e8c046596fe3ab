"""The audited create / update / delete / restore every app service builds on.

Each runs in one transaction: validate (`full_clean`), write, check permission on the written
state (so nobody can create or move a row outside their scope), and record the audit entry.
Any failure rolls the whole step back: nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, permissions
from .errors import Conflict, Forbidden, Invalid

M = TypeVar("M", bound=models.Model)


def _split(instance: models.Model, data: Mapping) -> tuple[dict, dict]:
    m2m_names = {f.name for f in instance._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    m2m = {k: v for k, v in data.items() if k in m2m_names}
    return plain, m2m


def _validate(instance: models.Model, check: Callable | None) -> None:
    """Row rules, then the service's cross-record rules (whose messages name the other record),
    then the remaining database constraints."""
    try:
        instance.full_clean(validate_constraints=False)
        if check:
            check(instance)
        instance.validate_constraints()
    except ValidationError as exc:
        raise Invalid.from_django(exc) from None


def _save(instance: models.Model) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise Invalid(_("与已有记录冲突:%(e)s") % {"e": exc}) from None


def program_id_of(obj: models.Model) -> int | None:
    """The program an audit entry is scoped to: the first program path of the record's policy."""
    try:
        paths = permissions.policy_for(type(obj)).program
    except LookupError:
        return None
    if not paths:
        return None
    path = paths[0]
    if path == "pk":
        return obj.pk
    if "__" not in path:
        return getattr(obj, path if path.endswith("_id") else f"{path}_id", None)
    return type(obj)._base_manager.filter(pk=obj.pk).values_list(path, flat=True).first()


def create(
    *,
    actor,
    instance: M,
    m2m: Mapping | None = None,
    action: str = "created",
    check: Callable[[M], None] | None = None,
    after_save: Callable[[M], None] | None = None,
) -> M:
    """`check` runs cross-record rules before the write; `after_save` fills fields that need the id."""
    with transaction.atomic():
        _validate(instance, check)
        _save(instance)
        if after_save:
            after_save(instance)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        if actor is not permissions.SYSTEM and not permissions.can(actor, permissions.ADD, instance):
            raise Forbidden(_("无权在此范围内新增“%(obj)s”。") % {"obj": instance})
        audit.record(
            actor=actor,
            action=action,
            obj=instance,
            changes=audit.diff({}, audit.snapshot(instance)),
            program_id=program_id_of(instance),
        )
    return instance


def update(
    *,
    actor,
    instance: M,
    data: Mapping,
    action: str = "updated",
    expected_version: int | None = None,
    check: Callable[[M], None] | None = None,
    after_save: Callable[[M], None] | None = None,
) -> M:
    """Apply `data`; a save based on an older `version` is refused with the other change named."""
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, instance)
        current = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
        if expected_version is not None and getattr(current, "version", None) != expected_version:
            last = audit.history(current).first()
            who = f"{last.actor_label} {timezone.localtime(last.at):%Y-%m-%d %H:%M}" if last else "?"
            raise Conflict(
                _("该记录已被他人修改(%(who)s),请刷新后再保存。") % {"who": who},
                fields={"version": [str(current.version)]},
            )
        before = audit.snapshot(current)
        plain, m2m = _split(instance, data)
        for name, value in plain.items():
            setattr(instance, name, value)
        _validate(instance, check)
        if hasattr(instance, "version"):
            instance.version = F("version") + 1
        _save(instance)
        instance.refresh_from_db()
        if after_save:
            after_save(instance)
        for name, values in m2m.items():
            getattr(instance, name).set(values)
        permissions.require(actor, permissions.CHANGE, instance)
        changes = audit.diff(before, audit.snapshot(instance))
        if changes:
            audit.record(
                actor=actor, action=action, obj=instance, changes=changes, program_id=program_id_of(instance)
            )
    return instance


def delete(*, actor, instance: M, action: str = "deleted") -> M:
    """Soft delete: the row stays, hidden, and an administrator can restore it."""
    with transaction.atomic():
        permissions.require(actor, permissions.DELETE, instance)
        instance.deleted_at = timezone.now()
        instance.deleted_by = actor if getattr(actor, "pk", None) else None
        instance.save(update_fields=["deleted_at", "deleted_by"])
        audit.record(
            actor=actor,
            action=action,
            obj=instance,
            changes={"deleted_at": [None, audit.plain(instance.deleted_at)]},
            program_id=program_id_of(instance),
        )
    return instance


def restore(*, actor, instance: M, action: str = "restored") -> M:
    with transaction.atomic():
        permissions.require(actor, permissions.RESTORE, instance)
        was = audit.plain(instance.deleted_at)
        instance.deleted_at = None
        instance.deleted_by = None
        instance.save(update_fields=["deleted_at", "deleted_by"])
        audit.record(
            actor=actor,
            action=action,
            obj=instance,
            changes={"deleted_at": [was, None]},
            program_id=program_id_of(instance),
        )
    return instance
