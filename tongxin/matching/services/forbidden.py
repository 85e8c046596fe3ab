"""The program's standing 禁止对接 list: add an entry, remove it; both audited.

An entry rules a pair out of every later run and "best partners" query (see `inputs.forbidden_pairs`).
Adding one also withdraws the undecided suggestions it covers, so nothing forbidden stays on the
review page; a pair already accepted must be rejected first, so no decision is silently undone.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.core import crud, permissions
from tongxin.core.errors import Forbidden, Invalid
from tongxin.core.text import normalize

from ..models import ForbiddenPair, Match, MatchStatus


def _covered(entry: ForbiddenPair):
    """The program's live matches the entry rules out."""
    if entry.need_id:
        which = Q(need_id=entry.need_id, offer_id=entry.offer_id)
    else:
        which = Q(need__requester_id=entry.need_org_id, offer__organization_id=entry.offer_org_id)
    return Match.objects.filter(which, program_id=entry.program_id)


def _check(entry: ForbiddenPair) -> None:
    for side in ("need", "offer"):
        record = getattr(entry, side) if getattr(entry, f"{side}_id") else None
        if record is not None and record.program_id != entry.program_id:
            raise Invalid(_("%(r)s不属于该项目群。") % {"r": record}, fields={side: [_("不属于该项目群")]})
    same = ForbiddenPair.objects.filter(
        program_id=entry.program_id,
        need_id=entry.need_id,
        offer_id=entry.offer_id,
        need_org_id=entry.need_org_id,
        offer_org_id=entry.offer_org_id,
    ).exclude(pk=entry.pk)
    if same.exists():
        raise Invalid(_("该配对已在禁止对接名单中。"), fields={"need": [_("已在名单中")]})
    accepted = _covered(entry).filter(status=MatchStatus.ACCEPTED).first()
    if accepted is not None:
        raise Invalid(
            _("对接“%(m)s”已被接受;请先拒绝该对接,再将其列入禁止名单。") % {"m": accepted},
            fields={"need": [_("已有接受的对接")]},
        )


def forbidden_add(
    *, actor, program, reason: str, need=None, offer=None, need_org=None, offer_org=None
) -> ForbiddenPair:
    """A need ↔ offer pair, or an organization pair, that no run may suggest again."""
    if actor is not permissions.SYSTEM and not permissions.may_add(
        actor, ForbiddenPair, program_id=program.pk
    ):
        permissions.require(actor, permissions.VIEW, program)
        raise Forbidden(_("只有该项目群的工作专班可以修改禁止对接名单。"))
    entry = ForbiddenPair(
        program=program,
        need=need,
        offer=offer,
        need_org=need_org,
        offer_org=offer_org,
        reason=normalize(reason or "").strip(),
    )
    with transaction.atomic():
        crud.create(actor=actor, instance=entry, action="matching.forbidden_added", check=_check)
        for match in _covered(entry).filter(status=MatchStatus.PROPOSED):
            crud.delete(actor=actor, instance=match, action="matching.superseded")
    return entry


def forbidden_remove(*, actor, entry: ForbiddenPair) -> ForbiddenPair:
    """The pair may be suggested again from the next run on."""
    return crud.delete(actor=actor, instance=entry, action="matching.forbidden_removed")
