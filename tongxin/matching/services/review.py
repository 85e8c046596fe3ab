"""A coordinator's review of suggestions: accept, reject with a reason, lock; on agreement a Pairing.

Each decision is one audited step; the next run reads them back as fixed or excluded pairs.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import crud, permissions
from tongxin.core.errors import Invalid
from tongxin.pairings.models import Kind as PairingKind
from tongxin.pairings.models import Status as PairingStatus
from tongxin.pairings.services import pairing_create

from ..inputs import is_forbidden
from ..models import Match, MatchStatus, NeedStatus


def _decision(actor) -> dict:
    return {"decided_by": actor if getattr(actor, "pk", None) else None, "decided_at": timezone.now()}


def _refuse_forbidden(need, offer) -> None:
    if is_forbidden(need, offer):
        raise Invalid(
            _("“%(n)s”与“%(o)s”在禁止对接名单中。") % {"n": need, "o": offer},
            fields={"offer": [_("禁止对接")]},
        )


def match_propose(*, actor, need, offer, score: float = 0.0, parts=None, phrases=None) -> Match:
    """A suggestion made by hand (from "best partners"), reviewed like a run's."""
    if need.program_id != offer.program_id:
        raise Invalid(_("需求和资源不属于同一项目群。"), fields={"offer": [_("不属于同一项目群")]})
    _refuse_forbidden(need, offer)
    existing = Match.objects.filter(need=need, offer=offer).first()
    if existing:
        raise Invalid(
            _("该需求与该资源已有对接(%(s)s)。") % {"s": existing.get_status_display()},
            fields={"offer": [_("已有对接")]},
        )
    match = Match(
        program_id=need.program_id,
        need=need,
        offer=offer,
        score=score,
        parts=parts or {},
        phrases=phrases or [],
    )
    return crud.create(actor=actor, instance=match, action="matching.proposed")


def _check_capacity(match: Match) -> None:
    accepted = Match.objects.filter(status=MatchStatus.ACCEPTED).exclude(pk=match.pk)
    taken_n = accepted.filter(need_id=match.need_id).count()
    if taken_n >= match.need.partners_wanted:
        raise Invalid(
            _("需求“%(n)s”只需要%(k)s个伙伴,已接受%(t)s个。")
            % {"n": match.need, "k": match.need.partners_wanted, "t": taken_n},
            fields={"need": [_("已达到所需伙伴数")]},
        )
    taken_o = accepted.filter(offer_id=match.offer_id).count()
    if taken_o >= match.offer.capacity:
        raise Invalid(
            _("资源“%(o)s”最多帮扶%(k)s个对象,已接受%(t)s个。")
            % {"o": match.offer, "k": match.offer.capacity, "t": taken_o},
            fields={"offer": [_("已达到可帮扶对象数")]},
        )


def match_accept(*, actor, match: Match, reason: str = "") -> Match:
    permissions.require(actor, permissions.CHANGE, match)
    if match.status == MatchStatus.ACCEPTED:
        return match
    _refuse_forbidden(match.need, match.offer)
    with transaction.atomic():
        _check_capacity(match)
        data = {"status": MatchStatus.ACCEPTED, "reason": reason.strip() or match.reason, **_decision(actor)}
        match = crud.update(actor=actor, instance=match, data=data, action="matching.accepted")
        need = match.need
        if need.status == NeedStatus.OPEN:
            crud.update(
                actor=actor, instance=need, data={"status": NeedStatus.MATCHED}, action="matching.need_status"
            )
    return match


def match_reject(*, actor, match: Match, reason: str) -> Match:
    """Rejected pairs are never proposed again; the reason is what the next reviewer reads."""
    permissions.require(actor, permissions.CHANGE, match)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("请填写拒绝理由。"), fields={"reason": [_("必填")]})
    if match.pairing_id:
        raise Invalid(_("该对接已形成结对,不能拒绝;请在结对中结束。"), fields={"status": [_("已结对")]})
    with transaction.atomic():
        was_accepted = match.status == MatchStatus.ACCEPTED
        data = {"status": MatchStatus.REJECTED, "reason": reason, "locked": False, **_decision(actor)}
        match = crud.update(actor=actor, instance=match, data=data, action="matching.rejected")
        need = match.need
        others = Match.objects.filter(need=need, status=MatchStatus.ACCEPTED).exists()
        if was_accepted and need.status == NeedStatus.MATCHED and not others:
            crud.update(
                actor=actor, instance=need, data={"status": NeedStatus.OPEN}, action="matching.need_status"
            )
    return match


def match_lock(*, actor, match: Match, locked: bool = True) -> Match:
    """A locked suggestion stays in every later run (a fixed pair) until it is decided."""
    permissions.require(actor, permissions.CHANGE, match)
    if match.status != MatchStatus.PROPOSED:
        raise Invalid(
            _("只有待定的建议可以锁定;该对接已%(s)s。") % {"s": match.get_status_display()},
            fields={"locked": [_("不是待定建议")]},
        )
    if locked:
        _refuse_forbidden(match.need, match.offer)
        with transaction.atomic():
            _check_capacity_locked(match)
            return crud.update(actor=actor, instance=match, data={"locked": True}, action="matching.locked")
    return crud.update(actor=actor, instance=match, data={"locked": False}, action="matching.unlocked")


def _check_capacity_locked(match: Match) -> None:
    fixed = [
        m
        for m in Match.objects.filter(need_id=match.need_id).exclude(pk=match.pk).select_related("need")
        if m.fixed
    ]
    if len(fixed) >= match.need.partners_wanted:
        raise Invalid(
            _("需求“%(n)s”的伙伴名额已由已接受或锁定的对接占满。") % {"n": match.need},
            fields={"locked": [_("名额已满")]},
        )
    fixed_o = [m for m in Match.objects.filter(offer_id=match.offer_id).exclude(pk=match.pk) if m.fixed]
    if len(fixed_o) >= match.offer.capacity:
        raise Invalid(
            _("资源“%(o)s”的帮扶名额已由已接受或锁定的对接占满。") % {"o": match.offer},
            fields={"locked": [_("名额已满")]},
        )


def pairing_kind_for(match: Match) -> str:
    """The pairing kind an agreed match most likely is, from the two parties' kinds."""
    need, offer = match.need, match.offer
    target_kind = need.requester.kind if need.requester_id else None
    helper_kind = offer.organization.kind
    if target_kind == "village_committee" or (target_kind is None and need.region.level == "village"):
        return PairingKind.ENTERPRISE_VILLAGE if helper_kind == "enterprise" else PairingKind.OTHER
    if target_kind == "community":
        return PairingKind.PARTY_COMMUNITY
    if target_kind == "school" and helper_kind == "school":
        return PairingKind.SCHOOL_SCHOOL
    if target_kind == "hospital" and helper_kind == "hospital":
        return PairingKind.HOSPITAL_HOSPITAL
    if target_kind is None and need.region.level == "county":
        return PairingKind.ORG_COUNTY
    return PairingKind.OTHER


def match_agree(*, actor, match: Match, kind: str = "", signed_on=None, responsibilities: str = "") -> Match:
    """The parties agreed: a signed Pairing (offer's organization ↔ need's requester or place)."""
    permissions.require(actor, permissions.CHANGE, match)
    if match.status != MatchStatus.ACCEPTED:
        raise Invalid(_("请先接受该对接,再登记结对。"), fields={"status": [_("尚未接受")]})
    if match.pairing_id:
        raise Invalid(_("该对接已登记结对。"), fields={"pairing": [_("已有结对")]})
    need = match.need
    target = {"target_org": need.requester} if need.requester_id else {"target_region": need.region}
    with transaction.atomic():
        pairing = pairing_create(
            actor=actor,
            program=match.program,
            kind=kind or pairing_kind_for(match),
            helpers=[match.offer.organization],
            status=PairingStatus.SIGNED,
            signed_on=signed_on or timezone.localdate(),
            responsibilities=responsibilities or f"{need.title} ← {match.offer.title}",
            **target,
        )
        return crud.update(actor=actor, instance=match, data={"pairing": pairing}, action="matching.agreed")
