"""Writes to sites: designation, status changes (暂停 / 摘牌), scoring templates and yearly evaluations.

An evaluation is validated item by item before anything is written (a score above an item's
maximum names the item), then the weighted total, percentage and grade are computed once here,
in the same transaction as the scores and the audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, crud, permissions
from tongxin.core.errors import Forbidden, Invalid
from tongxin.core.text import normalize

from .models import TRANSITIONS, Evaluation, Evidence, Item, Score, Site, Status, Template, grade_for

FIELDS = (
    "code",
    "name",
    "kind",
    "series",
    "tier",
    "region",
    "host",
    "program",
    "designated_on",
    "address",
    "note",
    "is_demo",
)
CENT = Decimal("0.01")


def _reject_unknown(data: Mapping, allowed=FIELDS) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def _normalized(data: Mapping) -> dict:
    return {
        k: normalize(v) if k in ("name", "code", "address", "series") and isinstance(v, str) else v
        for k, v in data.items()
    }


def _check_code(site: Site) -> None:
    if site.code:
        other = Site.objects.filter(code=site.code).exclude(pk=site.pk).first()
        if other:
            raise Invalid(
                _("编号 %(c)s 已被“%(n)s”使用。") % {"c": site.code, "n": other.name},
                fields={"code": [_("已被“%(n)s”使用") % {"n": other.name}]},
            )


def site_create(
    *, actor, name: str, kind: str, tier: str, region, host, designated_on: dt.date, **data
) -> Site:
    _reject_unknown(data)
    site = Site(
        name=normalize(name),
        kind=kind,
        tier=tier,
        region=region,
        host=host,
        designated_on=designated_on,
        **_normalized(data),
    )
    return crud.create(actor=actor, instance=site, check=_check_code)


def site_update(*, actor, site: Site, data: Mapping, expected_version: int | None = None) -> Site:
    """Plain fields only; status goes through `site_set_status` so its date and audit label follow."""
    _reject_unknown(data)
    return crud.update(
        actor=actor,
        instance=site,
        data=_normalized(data),
        expected_version=expected_version,
        check=_check_code,
    )


def site_set_status(
    *, actor, site: Site, status: str, on: dt.date | None = None, note: str = "", expected_version=None
) -> Site:
    if status not in Status.values:
        raise Invalid(_("未知状态“%(s)s”") % {"s": status}, fields={"status": [_("未知")]})
    allowed = TRANSITIONS[site.status]
    if status not in allowed:
        names = "、".join(str(Status(s).label) for s in allowed) or _("无")
        raise Invalid(
            _("“%(n)s”当前为%(a)s,不能改为%(b)s(可改为:%(c)s)。")
            % {"n": site.name, "a": site.get_status_display(), "b": Status(status).label, "c": names},
            fields={"status": [_("不允许的状态变更")]},
        )
    data = {"status": status, "status_on": on or timezone.localdate()}
    if note:
        data["note"] = (site.note + "\n" if site.note else "") + normalize(note)
    return crud.update(
        actor=actor, instance=site, data=data, action="sites.status", expected_version=expected_version
    )


def site_delete(*, actor, site: Site) -> Site:
    return crud.delete(actor=actor, instance=site)


def template_create(
    *, actor, name: str, items: Iterable[tuple[str, Decimal, Decimal]], kind: str = "", note: str = ""
) -> Template:
    """Items are (name, weight, maximum score); only administrators (and loaders) define templates."""
    rows = list(items)
    if not rows:
        raise Invalid(_("评分模板至少需要一个考核项目。"), fields={"items": [_("必填")]})

    def add_items(template: Template) -> None:
        for n, (item_name, weight, maximum) in enumerate(rows, start=1):
            item = Item(
                template=template, position=n, name=normalize(item_name), weight=weight, max_score=maximum
            )
            try:
                item.full_clean(exclude=["template"])
            except Exception as exc:
                raise Invalid(_("第%(n)d项“%(i)s”无效:%(e)s") % {"n": n, "i": item_name, "e": exc}) from None
            if item.max_score <= 0 or item.weight <= 0:
                raise Invalid(
                    _("“%(i)s”的权重和满分须大于0。") % {"i": item_name}, fields={"items": [item_name]}
                )
            item.save()

    return crud.create(
        actor=actor,
        instance=Template(name=normalize(name), kind=kind, note=note),
        after_save=add_items,
    )


def _decimal(value, label: str) -> Decimal:
    try:
        return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise Invalid(
            _("“%(i)s”的得分“%(v)s”不是数字。") % {"i": label, "v": value}, fields={label: [_("不是数字")]}
        ) from None


def _scored(template: Template, scores: Mapping) -> list[Score]:
    """One Score per template item, from scores keyed by item id or item name; all errors at once."""
    items = list(template.items.all())
    by_key = {**{i.pk: i for i in items}, **{str(i.pk): i for i in items}, **{i.name: i for i in items}}
    unknown = [k for k in scores if k not in by_key]
    errors: dict[str, list[str]] = {str(k): [_("模板中没有这一项")] for k in unknown}
    given = {by_key[k].pk: v for k, v in scores.items() if k in by_key}
    out = []
    for item in items:
        if item.pk not in given or given[item.pk] in (None, ""):
            errors[item.name] = [_("未评分")]
            continue
        score = _decimal(given[item.pk], item.name)
        if score < 0:
            errors[item.name] = [_("得分不能为负数")]
        elif score > item.max_score:
            errors[item.name] = [_("得分%(s)s超过该项满分%(m)s") % {"s": score, "m": item.max_score}]
        out.append(
            Score(item=item, name=item.name, weight=item.weight, max_score=item.max_score, score=score)
        )
    if errors:
        message = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
        raise Invalid(_("评分有误:%(m)s") % {"m": message}, fields=errors)
    return out


def _totals(scores: list[Score]) -> tuple[Decimal, Decimal, Decimal]:
    total = sum((s.score * s.weight for s in scores), Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    maximum = sum((s.max_score * s.weight for s in scores), Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    percent = (total * 100 / maximum).quantize(CENT, rounding=ROUND_HALF_UP) if maximum else Decimal(0)
    return total, maximum, percent


def evaluation_record(
    *,
    actor,
    site: Site,
    year: int,
    template: Template,
    scores: Mapping,
    evaluated_on: dt.date | None = None,
    evaluator: str = "",
    note: str = "",
    evidence: Iterable = (),
) -> Evaluation:
    """A site's evaluation for one year; a second one for the same year is refused (correct the first)."""
    permissions.require(actor, permissions.CHANGE, site)
    if site.status == Status.WITHDRAWN:
        raise Invalid(_("“%(n)s”已摘牌,不能再考核。") % {"n": site.name}, fields={"site": [_("已摘牌")]})
    if site.designated_on and int(year) < site.designated_on.year:
        raise Invalid(
            _("%(y)s年度早于挂牌日期 %(d)s。") % {"y": year, "d": site.designated_on},
            fields={"year": [_("早于挂牌年份")]},
        )
    if Evaluation.objects.filter(site=site, year=year).exists():
        raise Invalid(
            _("“%(n)s”%(y)s年度已有考核记录。") % {"n": site.name, "y": year},
            fields={"year": [_("已有记录")]},
        )
    rows = _scored(template, scores)
    total, maximum, percent = _totals(rows)
    evaluation = Evaluation(
        site=site,
        year=year,
        template=template,
        evaluated_on=evaluated_on or timezone.localdate(),
        evaluator=normalize(evaluator),
        note=note,
        total=total,
        maximum=maximum,
        percent=percent,
        grade=grade_for(percent),
    )

    def save_scores(saved: Evaluation) -> None:
        for row in rows:
            row.evaluation = saved
        Score.objects.bulk_create(rows)
        for upload in evidence:
            _evidence(actor, saved, upload, "")

    with transaction.atomic():
        crud.create(actor=actor, instance=evaluation, after_save=save_scores, action="sites.evaluated")
    return evaluation


def _evidence(actor, evaluation: Evaluation, upload, title: str) -> Evidence:
    real = actor if getattr(actor, "pk", None) else None
    return Evidence.objects.create(
        evaluation=evaluation,
        file=upload,
        title=normalize(title) or getattr(upload, "name", ""),
        uploaded_by=real.get_username() if real else "system",
    )


def evidence_add(*, actor, evaluation: Evaluation, file, title: str = "") -> Evidence:
    with transaction.atomic():
        if actor is not permissions.SYSTEM and not permissions.can(
            actor, permissions.CHANGE, evaluation.site
        ):
            raise Forbidden(_("无权为“%(s)s”上传佐证材料。") % {"s": evaluation.site})
        item = _evidence(actor, evaluation, file, title)
        audit.record(
            actor=actor,
            action="sites.evidence",
            obj=evaluation,
            changes={"evidence": [None, item.file.name]},
            program_id=evaluation.site.program_id,
        )
    return item


def evaluation_delete(*, actor, evaluation: Evaluation) -> Evaluation:
    return crud.delete(actor=actor, instance=evaluation)
