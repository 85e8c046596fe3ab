"""Writes to needs, offers and a program's matching settings; every one audited through core.crud."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, crud, permissions
from tongxin.core.errors import Forbidden, Invalid
from tongxin.core.text import normalize

from ..models import NEED_TRANSITIONS, MatchSettings, Need, NeedStatus, Offer

NEED_FIELDS = (
    "program",
    "ref",
    "kind",
    "domain",
    "title",
    "text",
    "requester",
    "region",
    "amount",
    "quantity",
    "unit",
    "partners_wanted",
    "status",
    "evidence",
    "fulfilled_on",
)
OFFER_FIELDS = (
    "program",
    "ref",
    "organization",
    "domain",
    "title",
    "text",
    "capacity",
    "region",
    "status",
)
TEXTS = ("ref", "title", "text", "unit", "evidence")


def _reject_unknown(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def _clean(data: dict, *, count_field: str, count_label: str, what: str) -> dict:
    """Normalize text; refuse an empty description and a count ≤ 0 with the words a user acts on."""
    data = {k: normalize(v) if k in TEXTS and isinstance(v, str) else v for k, v in data.items()}
    if "text" in data and not data["text"]:
        raise Invalid(
            _("%(what)s内容不能为空:匹配依据这段文字。") % {"what": what}, fields={"text": [_("必填")]}
        )
    if "text" in data and not data.get("title", "x"):
        data["title"] = data["text"][:30]
    if count_field in data and data[count_field] is not None:
        try:
            value = int(data[count_field])
        except (TypeError, ValueError):
            value = 0
        if value < 1:
            raise Invalid(
                _("%(label)s须至少为1,收到“%(v)s”。") % {"label": count_label, "v": data[count_field]},
                fields={count_field: [_("须至少为1")]},
            )
        data[count_field] = value
    return data


def _need_region(need: Need) -> None:
    if not need.region_id and need.requester_id and need.requester.home_region_id:
        need.region_id = need.requester.home_region_id
    if not need.region_id:
        raise Invalid(_("请填写需求所在地区(区划代码或名称)。"), fields={"region": [_("必填")]})


def need_create(*, actor, **data) -> Need:
    _reject_unknown(data, NEED_FIELDS)
    data = _clean(data, count_field="partners_wanted", count_label=_("所需伙伴数"), what=_("需求"))
    if "title" not in data and data.get("text"):
        data["title"] = data["text"][:30]
    need = Need(**data)
    _need_region(need)
    return crud.create(actor=actor, instance=need)


def need_update(*, actor, need: Need, data: dict, expected_version: int | None = None) -> Need:
    """Edits the facts; the status moves only through `need_transition`."""
    _reject_unknown(data, NEED_FIELDS)
    if "status" in data and data["status"] != need.status:
        raise Invalid(_("状态请通过“变更状态”修改。"), fields={"status": [_("请使用状态变更")]})
    data = _clean(data, count_field="partners_wanted", count_label=_("所需伙伴数"), what=_("需求"))
    if data.get("region", need.region_id) is None:
        raise Invalid(_("请填写需求所在地区(区划代码或名称)。"), fields={"region": [_("必填")]})
    return crud.update(actor=actor, instance=need, data=data, expected_version=expected_version)


def need_transition(*, actor, need: Need, status: str, evidence: str = "", on: dt.date | None = None) -> Need:
    """open → matched → fulfilled (with evidence) / closed; a closed need may be reopened."""
    if status not in NEED_TRANSITIONS.get(need.status, ()):
        allowed = "、".join(str(NeedStatus(s).label) for s in NEED_TRANSITIONS.get(need.status, ())) or "无"
        raise Invalid(
            _("需求“%(from)s”不能变为“%(to)s”;可变为:%(allowed)s。")
            % {
                "from": NeedStatus(need.status).label,
                "to": NeedStatus(status).label if status in NeedStatus.values else status,
                "allowed": allowed,
            },
            fields={"status": [_("不允许的状态变更")]},
        )
    data: dict = {"status": status}
    evidence = normalize(evidence)
    if status == NeedStatus.FULFILLED:
        if not evidence and not need.evidence:
            raise Invalid(_("标记为已实现时,请填写实现情况。"), fields={"evidence": [_("必填")]})
        data["fulfilled_on"] = on or timezone.localdate()
    if evidence:
        data["evidence"] = evidence
    return crud.update(actor=actor, instance=need, data=data, action="matching.need_status")


def need_delete(*, actor, need: Need) -> Need:
    return crud.delete(actor=actor, instance=need)


def _offer_region(offer: Offer) -> None:
    if not offer.region_id and offer.organization_id and offer.organization.home_region_id:
        offer.region_id = offer.organization.home_region_id
    if not offer.region_id:
        raise Invalid(_("请填写资源所在地区,或先为提供单位填写所在地区。"), fields={"region": [_("必填")]})


def offer_create(*, actor, regions=(), **data) -> Offer:
    _reject_unknown(data, OFFER_FIELDS)
    data = _clean(data, count_field="capacity", count_label=_("可帮扶对象数"), what=_("资源"))
    if "title" not in data and data.get("text"):
        data["title"] = data["text"][:30]
    offer = Offer(**data)
    _offer_region(offer)
    return crud.create(actor=actor, instance=offer, m2m={"regions": regions})


def offer_update(*, actor, offer: Offer, data: dict, expected_version: int | None = None) -> Offer:
    _reject_unknown(data, (*OFFER_FIELDS, "regions"))
    data = _clean(data, count_field="capacity", count_label=_("可帮扶对象数"), what=_("资源"))
    if data.get("region", offer.region_id) is None:
        raise Invalid(_("请填写资源所在地区。"), fields={"region": [_("必填")]})
    return crud.update(actor=actor, instance=offer, data=data, expected_version=expected_version)


def offer_delete(*, actor, offer: Offer) -> Offer:
    return crud.delete(actor=actor, instance=offer)


SETTINGS_FIELDS = (
    "weight_text",
    "weight_domain",
    "weight_distance",
    "weight_rule",
    "same_province",
    "east_west",
    "exclude_paired",
    "min_score",
    "top_k",
)


def settings_get(*, program) -> MatchSettings:
    """The program's settings, or unsaved defaults (nothing is written by reading)."""
    return MatchSettings.objects.filter(program=program).first() or MatchSettings(program=program)


def settings_update(*, actor, program, data: dict) -> MatchSettings:
    _reject_unknown(data, SETTINGS_FIELDS)
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        current = MatchSettings.objects.select_for_update().filter(program=program).first()
        settings = current or MatchSettings(program=program)
        if actor is not permissions.SYSTEM and not permissions.may_add(
            actor, MatchSettings, program_id=program.pk
        ):
            raise Forbidden(_("无权修改该项目群的对接设置。"))
        before = audit.snapshot(settings) if settings.pk else {}
        for key, value in data.items():
            setattr(settings, key, value)
        try:
            settings.full_clean()
        except ValidationError as exc:
            raise Invalid.from_django(exc) from None
        if settings.pk:
            settings.version += 1
        settings.save()
        changes = audit.diff(before, audit.snapshot(settings))
        if changes:
            audit.record(
                actor=actor, action="matching.settings", obj=settings, changes=changes, program_id=program.pk
            )
    return settings
