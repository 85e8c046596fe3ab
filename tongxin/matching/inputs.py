"""From records to the engine's plain inputs: which needs and offers take part, their capacities, and
the pairs the program's decisions fix or exclude. Runs and "best partners" read the same inputs, so
a pair scores the same in both."""

from __future__ import annotations

from dataclasses import dataclass, field

from tongxin.pairings.models import Pairing, Status

from . import engine
from .models import ForbiddenPair, Match, MatchSettings, MatchStatus, Need, NeedStatus, Offer, OfferStatus

# Pairs of our 领域 vocabulary close enough for half the domain part.
RELATED_DOMAINS = frozenset(
    frozenset(p)
    for p in [
        ("industry", "employment"),
        ("industry", "rural"),
        ("industry", "science"),
        ("rural", "infrastructure"),
        ("rural", "culture"),
        ("rural", "employment"),
        ("education", "talent"),
        ("talent", "employment"),
        ("health", "welfare"),
        ("education", "welfare"),
        ("governance", "think_tank"),
    ]
)


@dataclass
class Inputs:
    needs: list[Need]
    offers: list[Offer]
    need_items: list = field(default_factory=list)
    offer_items: list = field(default_factory=list)
    settings: object = None
    fixed: set = field(default_factory=set)
    excluded: set = field(default_factory=set)
    forbidden: set = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not self.needs or not self.offers


def settings_snapshot(settings: MatchSettings) -> dict:
    return {
        "weights": settings.weights,
        "same_province": settings.same_province,
        "east_west": settings.east_west,
        "exclude_paired": settings.exclude_paired,
        "min_score": settings.min_score,
        "top_k": settings.top_k,
    }


def _within(code: str, prefixes: list[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _paired(program, needs, offers) -> set:
    """(need, offer) pairs whose parties already have a live pairing in the program."""
    from tongxin.pairings.selectors import program_ids

    pairings = Pairing.objects.filter(program_id__in=program_ids(program)).exclude(status=Status.ENDED)
    targets: dict = {}
    for p in pairings.prefetch_related("helpers"):
        key = ("org", p.target_org_id) if p.target_org_id else ("region", p.target_region_id)
        targets.setdefault(key, set()).update(h.pk for h in p.helpers.all())
    out = set()
    if not targets:
        return out
    for need in needs:
        helpers = targets.get(("org", need.requester_id), set()) | targets.get(
            ("region", need.region_id), set()
        )
        if helpers:
            out.update((need.pk, o.pk) for o in offers if o.organization_id in helpers)
    return out


def forbidden_pairs(program, needs, offers) -> set:
    """(need, offer) pairs the program's standing 禁止对接 list rules out: named pairs, and every need of
    a listed requester with every offer of the listed offering organization."""
    entries = list(
        ForbiddenPair.objects.filter(program=program).values_list(
            "need_id", "offer_id", "need_org_id", "offer_org_id"
        )
    )
    out = {(n, o) for n, o, _no, _oo in entries if n is not None}
    orgs: dict = {}
    for _n, _o, need_org, offer_org in entries:
        if need_org is not None:
            orgs.setdefault(need_org, set()).add(offer_org)
    if orgs:
        for need in needs:
            banned = orgs.get(need.requester_id)
            if banned:
                out.update((need.pk, o.pk) for o in offers if o.organization_id in banned)
    return out


def is_forbidden(need: Need, offer: Offer) -> bool:
    """Whether the program's 禁止对接 list rules out this one pair."""
    return (need.pk, offer.pk) in forbidden_pairs(need.program_id, [need], [offer])


def build(program, settings: MatchSettings | None = None) -> Inputs:
    """Open needs and offers of the program, with the decisions already taken as fixed/excluded pairs."""
    settings = (
        settings or MatchSettings.objects.filter(program=program).first() or MatchSettings(program=program)
    )
    needs = list(
        Need.objects.filter(program=program, status__in=[NeedStatus.OPEN, NeedStatus.MATCHED])
        .select_related("domain")
        .order_by("pk")
    )
    offers = list(
        Offer.objects.filter(program=program, status=OfferStatus.OPEN)
        .select_related("domain")
        .prefetch_related("regions")
        .order_by("pk")
    )
    inputs = Inputs(needs, offers)
    inputs.forbidden = forbidden_pairs(program, needs, offers)
    need_ids, offer_ids = {n.pk for n in needs}, {o.pk for o in offers}
    fixed_count_n: dict = {}
    fixed_count_o: dict = {}
    for m in Match.objects.filter(program=program, need_id__in=need_ids, offer_id__in=offer_ids):
        key = (m.need_id, m.offer_id)
        if key in inputs.forbidden:
            continue  # forbidden wins over an earlier acceptance or lock
        if m.fixed:
            inputs.fixed.add(key)
            fixed_count_n[m.need_id] = fixed_count_n.get(m.need_id, 0) + 1
            fixed_count_o[m.offer_id] = fixed_count_o.get(m.offer_id, 0) + 1
        elif m.status == MatchStatus.REJECTED:
            inputs.excluded.add(key)
    for offer in offers:
        prefixes = [r.prefix for r in offer.regions.all()]
        if prefixes:
            inputs.excluded.update((n.pk, offer.pk) for n in needs if not _within(n.region_id, prefixes))
    if settings.exclude_paired:
        inputs.excluded |= _paired(program, needs, offers)
    inputs.excluded -= inputs.fixed
    inputs.excluded |= inputs.forbidden
    # A need with more accepted partners than it asked for keeps them: the capacity stretches.
    inputs.need_items = [
        engine.Item(
            n.pk,
            f"{n.title} {n.text}",
            n.domain.code,
            n.region_id,
            max(n.partners_wanted, fixed_count_n.get(n.pk, 0)),
        )
        for n in needs
    ]
    inputs.offer_items = [
        engine.Item(
            o.pk,
            f"{o.title} {o.text}",
            o.domain.code,
            o.region_id,
            max(o.capacity, fixed_count_o.get(o.pk, 0)),
        )
        for o in offers
    ]
    inputs.settings = engine.Settings(
        weights=settings.weights,
        same_province=settings.same_province,
        east_west=settings.east_west,
        excluded=set(inputs.excluded),
        fixed=set(inputs.fixed),
        top_k=settings.top_k,
        min_score=settings.min_score,
        related_domains=RELATED_DOMAINS,
    )
    return inputs
