"""Reads over needs, offers, matches and runs, and the interactive "best partners for this need"."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tongxin.core import permissions
from tongxin.core.text import normalize

from . import engine, inputs
from .models import ForbiddenPair, Match, MatchingRun, Need, Offer


def need_list(*, user, program=None, status: str = "", q: str = "") -> QuerySet[Need]:
    qs = permissions.scoped(
        user, permissions.VIEW, Need.objects.select_related("domain", "region", "requester")
    )
    if program is not None:
        qs = qs.filter(program=program)
    if status:
        qs = qs.filter(status=status)
    if q:
        term = normalize(q)
        qs = qs.filter(Q(title__contains=term) | Q(text__contains=term))
    return qs


def offer_list(*, user, program=None, status: str = "", q: str = "") -> QuerySet[Offer]:
    qs = permissions.scoped(
        user, permissions.VIEW, Offer.objects.select_related("domain", "region", "organization")
    )
    if program is not None:
        qs = qs.filter(program=program)
    if status:
        qs = qs.filter(status=status)
    if q:
        term = normalize(q)
        qs = qs.filter(Q(title__contains=term) | Q(text__contains=term))
    return qs


def match_list(*, user, program=None, run=None, status: str = "", need=None) -> QuerySet[Match]:
    qs = permissions.scoped(
        user,
        permissions.VIEW,
        Match.objects.select_related(
            "need__domain",
            "need__region",
            "need__requester",
            "offer__domain",
            "offer__organization",
            "offer__region",
            "decided_by",
            "pairing",
        ),
    )
    if program is not None:
        qs = qs.filter(program=program)
    if run is not None:
        qs = qs.filter(run=run)
    if status:
        qs = qs.filter(status=status)
    if need is not None:
        qs = qs.filter(need=need)
    return qs.order_by("-score", "pk")


def forbidden_list(*, user, program) -> QuerySet[ForbiddenPair]:
    """The program's standing 禁止对接 list, newest first."""
    return permissions.scoped(
        user,
        permissions.VIEW,
        ForbiddenPair.objects.filter(program=program).select_related(
            "need", "offer", "need_org", "offer_org"
        ),
    )


def run_list(*, user, program) -> QuerySet[MatchingRun]:
    return permissions.scoped(user, permissions.VIEW, MatchingRun.objects.filter(program=program))


@dataclass
class Partner:
    offer: Offer
    score: float
    parts: dict
    phrases: list
    match: Match | None


def best_partners(*, user, need: Need, k: int = 5) -> list[Partner]:
    """The k best allowed offers for one need under the program's settings, with their explanations.

    Scores come from the same inputs as a run (all open needs and offers of the program), so the
    number shown here is the number a run would use; rejected pairs are left out.
    """
    data = inputs.build(need.program)
    if need.pk not in {n.pk for n in data.needs}:
        data.needs.append(need)
        data.need_items.append(
            engine.Item(
                need.pk, f"{need.title} {need.text}", need.domain.code, need.region_id, need.partners_wanted
            )
        )
    if not data.offers:
        return []
    eng = engine.Engine(data.need_items, data.offer_items, data.settings)
    index = [it.id for it in data.need_items].index(need.pk)
    pairs = eng.best_partners(index, k=max(1, min(k, 50)))
    visible = {
        o.pk: o
        for o in permissions.scoped(
            user,
            permissions.VIEW,
            Offer.objects.filter(pk__in=[p.offer_id for p in pairs]).select_related(
                "organization", "domain", "region"
            ),
        )
    }
    existing = {m.offer_id: m for m in Match.objects.filter(need=need, offer_id__in=list(visible))}
    return [
        Partner(visible[p.offer_id], p.score, p.parts, p.phrases, existing.get(p.offer_id))
        for p in pairs
        if p.offer_id in visible
    ]


PART_LABELS = {"text": "文本相似", "domain": "领域匹配", "distance": "距离", "rule": "项目规则"}


def explain(parts: dict) -> list[tuple[str, float, str]]:
    """(label, weighted value, readable detail) per score part, for pages and the API."""
    detail = parts.get("detail", {}) if isinstance(parts, dict) else {}
    readable = {
        "text": f"相似度 {detail.get('text_similarity', '')}",
        "domain": detail.get("domain", ""),
        "distance": detail.get("distance", ""),
        "rule": detail.get("rule", ""),
    }
    return [(PART_LABELS[k], float(parts.get(k, 0.0)), readable[k]) for k in PART_LABELS if k in parts]
