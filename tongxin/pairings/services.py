"""Writes to pairings: create, update, move through the lifecycle, delete; all audited.

`pairing_bulk_create` is the loaders' path for thousands of rows: one transaction, bulk inserts and
one audit entry per row written by `audit.record_bulk`, so the demo's 3,702 pairings stay attributable.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, crud, permissions
from tongxin.core.errors import Invalid
from tongxin.core.text import normalize

from .models import TRANSITIONS, Pairing, Status

FIELDS = (
    "program",
    "ref",
    "kind",
    "target_org",
    "target_region",
    "status",
    "signed_on",
    "start_date",
    "end_date",
    "agreement",
    "responsibilities",
    "note",
)


def _reject_unknown(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def _clean_text(data: dict) -> dict:
    return {k: normalize(v) if k in ("ref",) and isinstance(v, str) else v for k, v in data.items()}


def _place_of(pairing: Pairing):
    if pairing.target_region_id:
        return pairing.target_region_id
    if pairing.target_org_id:
        return pairing.target_org.home_region_id
    return None


def _checker(helpers):
    """Cross-record rules: helpers given, none of them the target, no duplicate live pairing."""

    def check(pairing: Pairing) -> None:
        helper_ids = {h.pk for h in helpers}
        if not helper_ids:
            raise Invalid(_("请至少填写一个帮扶方。"), fields={"helpers": [_("必填")]})
        if pairing.target_org_id and pairing.target_org_id in helper_ids:
            raise Invalid(_("帮扶方不能同时是结对对象。"), fields={"helpers": [_("与结对对象相同")]})
        if pairing.agreement_id and pairing.agreement.program_id != pairing.program_id:
            raise Invalid(_("协议不属于该项目群。"), fields={"agreement": [_("不属于该项目群")]})
        same = Pairing.objects.filter(
            program_id=pairing.program_id,
            target_org_id=pairing.target_org_id,
            target_region_id=pairing.target_region_id,
            helpers__in=helper_ids,
        ).exclude(pk=pairing.pk)
        other = same.exclude(status=Status.ENDED).first()
        if other:
            raise Invalid(
                _("已有相同的结对:%(p)s(编号 %(id)s)。") % {"p": other, "id": other.pk},
                fields={"helpers": [_("与已有结对重复")]},
            )
        pairing.place_id = _place_of(pairing)

    return check


def pairing_create(*, actor, helpers, **data) -> Pairing:
    _reject_unknown(data, FIELDS)
    helpers = list(helpers)
    pairing = Pairing(**_clean_text(data))
    return crud.create(actor=actor, instance=pairing, m2m={"helpers": helpers}, check=_checker(helpers))


def pairing_update(*, actor, pairing: Pairing, data: dict, expected_version: int | None = None) -> Pairing:
    """Edits the facts; the status moves only through `pairing_transition`."""
    _reject_unknown(data, (*FIELDS, "helpers"))
    if "status" in data and data["status"] != pairing.status:
        raise Invalid(_("状态请通过“变更状态”修改。"), fields={"status": [_("请使用状态变更")]})
    helpers = list(data["helpers"]) if "helpers" in data else list(pairing.helpers.all())
    return crud.update(
        actor=actor,
        instance=pairing,
        data=_clean_text(data),
        expected_version=expected_version,
        check=_checker(helpers),
    )


def pairing_transition(
    *, actor, pairing: Pairing, status: str, on: dt.date | None = None, note: str = ""
) -> Pairing:
    """proposed → signed → active → ended; the date of the step fills signed_on / start / end."""
    if status not in TRANSITIONS.get(pairing.status, ()):
        allowed = "、".join(str(Status(s).label) for s in TRANSITIONS.get(pairing.status, ())) or _("无")
        raise Invalid(
            _("“%(from)s”不能变为“%(to)s”;可变为:%(allowed)s。")
            % {
                "from": Status(pairing.status).label,
                "to": Status(status).label if status in Status.values else status,
                "allowed": allowed,
            },
            fields={"status": [_("不允许的状态变更")]},
        )
    on = on or timezone.localdate()
    data: dict = {"status": status}
    if status == Status.SIGNED and not pairing.signed_on:
        data["signed_on"] = on
    if status == Status.ACTIVE and not pairing.start_date:
        data["start_date"] = on
    if status == Status.ENDED and not pairing.end_date:
        data["end_date"] = max(on, pairing.start_date) if pairing.start_date else on
    if note:
        data["note"] = f"{pairing.note}\n{note}".strip()
    return crud.update(actor=actor, instance=pairing, data=data, action="pairings.status")


def pairing_delete(*, actor, pairing: Pairing) -> Pairing:
    return crud.delete(actor=actor, instance=pairing)


def pairing_bulk_create(*, actor, program, rows: list[dict], batch_size: int = 1000) -> list[Pairing]:
    """Loader path: `rows` of {kind, helpers: [org ids], target_org|target_region, status, dates…}.

    Runs the same row rules as `pairing_create` (full_clean, one target, helpers given) but inserts in
    bulk; duplicates against existing rows are the caller's to avoid (loaders look up first).
    """
    if actor is not permissions.SYSTEM and not permissions.may_add(actor, Pairing, program_id=program.pk):
        raise permissions.Forbidden(_("无权在该项目群中批量创建结对。"))
    from django.core.exceptions import ValidationError

    from tongxin.orgs.models import Organization
    from tongxin.regions.models import Region

    # Targets read once, so neither the row checks nor the audit labels (str → target) query per row.
    orgs = Organization.objects.in_bulk({r["target_org"] for r in rows if r.get("target_org")})
    regions = Region.objects.in_bulk({r["target_region"] for r in rows if r.get("target_region")})
    built, helper_sets = [], []
    for n, row in enumerate(rows, start=1):
        helpers = list(row.get("helpers") or [])
        if not helpers:
            raise Invalid(_("第%(n)s行:请至少填写一个帮扶方。") % {"n": n}, fields={"helpers": [_("必填")]})
        pairing = Pairing(
            program=program,
            kind=row["kind"],
            ref=row.get("ref", ""),
            target_org_id=row.get("target_org"),
            target_region_id=row.get("target_region"),
            status=row.get("status", Status.PROPOSED),
            signed_on=row.get("signed_on"),
            start_date=row.get("start_date"),
            end_date=row.get("end_date"),
            responsibilities=row.get("responsibilities", ""),
        )
        for name, known in (("target_org", orgs), ("target_region", regions)):
            key = getattr(pairing, f"{name}_id")
            if key is not None and key not in known:
                raise Invalid(
                    _("第%(n)s行:未找到结对对象 %(k)s。") % {"n": n, "k": key}, fields={name: [_("未找到")]}
                )
            if key is not None:
                setattr(pairing, name, known[key])
        home = pairing.target_org.home_region_id if pairing.target_org_id else None
        pairing.place_id = pairing.target_region_id or home
        try:
            pairing.clean_fields(exclude=["program", "target_org", "target_region", "agreement", "place"])
            pairing.clean()
        except ValidationError as exc:
            raise Invalid.from_django(exc) from None
        built.append(pairing)
        helper_sets.append(helpers)
    Through = Pairing.helpers.through
    with transaction.atomic():
        created = []
        for start in range(0, len(built), batch_size):
            chunk = Pairing.objects.bulk_create(built[start : start + batch_size])
            created.extend(chunk)
        links = [
            Through(pairing_id=p.pk, organization_id=h)
            for p, helpers in zip(created, helper_sets, strict=True)
            for h in helpers
        ]
        Through.objects.bulk_create(links, batch_size=5000)
        audit.record_bulk(
            actor=actor, action="pairings.bulk_created", objs=created, program_id_of=lambda p: p.program_id
        )
    return created
