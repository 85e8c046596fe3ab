"""Writes to activities and their outcome links, audited on the activity.

Linking an outcome checks that the actor may change the activity and may see the target, so nobody
can learn that a hidden record exists by linking to it (the same "not found" as a missing one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit, crud, permissions
from tongxin.core.errors import Invalid, NotFound
from tongxin.core.text import normalize

from .models import Activity, Outcome

FIELDS = (
    "code",
    "title",
    "kind",
    "program",
    "organizer",
    "held_on",
    "ends_on",
    "region",
    "venue",
    "domain",
    "participants",
    "person_times",
    "topics",
    "outcome",
    "is_demo",
)
TEXT_FIELDS = ("title", "code", "venue", "topics", "outcome")


def _reject_unknown(data: Mapping) -> None:
    unknown = set(data) - set(FIELDS) - {"co_organizers"}
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def _normalized(data: Mapping) -> dict:
    return {k: normalize(v) if k in TEXT_FIELDS and isinstance(v, str) else v for k, v in data.items()}


def _check(activity: Activity) -> None:
    if activity.code:
        other = Activity.objects.filter(code=activity.code).exclude(pk=activity.pk).first()
        if other:
            raise Invalid(
                _("编号 %(c)s 已被“%(t)s”使用。") % {"c": activity.code, "t": other.title},
                fields={"code": [_("已被“%(t)s”使用") % {"t": other.title}]},
            )


def _person_times(data: dict) -> dict:
    """人次 defaults to 人数 for a one-session activity, so the participants figure never undercounts."""
    if data.get("participants") and not data.get("person_times"):
        data["person_times"] = data["participants"]
    return data


def activity_create(
    *,
    actor,
    title: str,
    kind: str,
    program,
    organizer,
    held_on: dt.date,
    co_organizers: Iterable = (),
    **data,
) -> Activity:
    _reject_unknown(data)
    data = _person_times(_normalized(data))
    activity = Activity(
        title=normalize(title), kind=kind, program=program, organizer=organizer, held_on=held_on, **data
    )
    co = [o for o in co_organizers if o.pk != organizer.pk]
    return crud.create(actor=actor, instance=activity, check=_check, m2m={"co_organizers": co})


def activity_update(
    *, actor, activity: Activity, data: Mapping, expected_version: int | None = None
) -> Activity:
    data = dict(data)
    _reject_unknown(data)
    if (
        "participants" in data
        and "person_times" not in data
        and activity.person_times < (data["participants"] or 0)
    ):
        data["person_times"] = data["participants"]
    return crud.update(
        actor=actor,
        instance=activity,
        data=_normalized(data),
        expected_version=expected_version,
        check=_check,
    )


def activity_delete(*, actor, activity: Activity) -> Activity:
    return crud.delete(actor=actor, instance=activity)


def target_get(*, actor, label: str, pk) -> object:
    """The record an outcome points at, by model label ("proposals.Task") and id, if the actor may see it."""
    try:
        model = apps.get_model(label)
        permissions.policy_for(model)
    except (LookupError, ValueError):
        raise Invalid(
            _("不能关联“%(l)s”类型的记录。") % {"l": label}, fields={"model": [_("未知类型")]}
        ) from None
    return permissions.get_or_404(actor, model.objects.all(), pk=pk)


def outcome_link(*, actor, activity: Activity, target, note: str = "") -> Outcome:
    """Idempotent: linking the same record twice returns the first link."""
    if target.pk is None:
        raise Invalid(_("成果记录尚未保存。"), fields={"target": [_("未保存")]})
    if isinstance(target, Activity) and target.pk == activity.pk:
        raise Invalid(_("活动不能以自身为成果。"), fields={"target": [_("不能关联自身")]})
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, activity)
        if actor is not permissions.SYSTEM and not permissions.can(actor, permissions.VIEW, target):
            raise NotFound(_("记录不存在或无权查看。"))
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
        found = Outcome.objects.filter(
            activity=activity, content_type=content_type, object_id=str(target.pk)
        ).first()
        if found:
            return found
        real = actor if getattr(actor, "pk", None) else None
        outcome = Outcome.objects.create(
            activity=activity,
            content_type=content_type,
            object_id=str(target.pk),
            note=normalize(note),
            created_by=real.get_username() if real else "system",
        )
        audit.record(
            actor=actor,
            action="activities.outcome_linked",
            obj=activity,
            changes={"outcomes": [None, f"{type(target)._meta.label}:{target.pk} {target}"]},
            program_id=activity.program_id,
        )
    return outcome


def outcome_unlink(*, actor, outcome: Outcome) -> None:
    activity = outcome.activity
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, activity)
        label = f"{outcome.label}:{outcome.object_id}"
        outcome.delete()
        audit.record(
            actor=actor,
            action="activities.outcome_unlinked",
            obj=activity,
            changes={"outcomes": [label, None]},
            program_id=activity.program_id,
        )
