"""Reads over proposals: the filtered list and the ladder counts (470 / 1100 / 630 / 56 / 320) for
any filter — program with its sub-programs, organization subtree, region subtree, period."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tongxin.core import permissions
from tongxin.core.text import normalize

from .models import REPORT_KINDS, SUGGESTION_KINDS, Proposal, Step, StepKind


def program_ids(program) -> list[int]:
    if program is None:
        return []
    return [program.pk, *program.children.values_list("pk", flat=True)]


def region_prefix(region) -> str:
    if region is None or region == "":
        return ""
    if isinstance(region, str):
        from tongxin.regions.models import Region

        found = Region.objects.filter(code=region).first()
        return found.prefix if found else region
    return region.prefix


def proposal_filter(
    qs: QuerySet[Proposal],
    *,
    program=None,
    org_path: str = "",
    region=None,
    kind: str = "",
    stage: str = "",
    q: str = "",
) -> QuerySet[Proposal]:
    if program is not None:
        qs = qs.filter(program_id__in=program_ids(program))
    if org_path:
        qs = qs.filter(
            pk__in=Proposal.submitters.through.objects.filter(
                permissions.prefix_q("organization__path", org_path)
            ).values("proposal_id")
        )
    prefix = region_prefix(region)
    if prefix:
        qs = qs.filter(permissions.prefix_q("place_id", prefix))
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(steps__kind=stage).distinct() if stage != StepKind.SUBMITTED else qs
    if q:
        term = normalize(q)
        qs = qs.filter(Q(title__icontains=term) | Q(ref=term) | Q(text__icontains=term))
    return qs


def proposal_list(*, user, **filters) -> QuerySet[Proposal]:
    qs = permissions.scoped(user, permissions.VIEW, Proposal.objects.all())
    return proposal_filter(qs, **filters).select_related("program", "place")


def proposal_get(*, user, pk: int) -> Proposal:
    return permissions.get_or_404(user, Proposal.objects.select_related("program", "place"), pk=pk)


def ladder_counts(proposals: QuerySet[Proposal], *, period=None) -> dict[str, int]:
    """Distinct proposals per rung. With a period, a rung counts when its step is dated inside it
    (adopted in 2025 = adopted steps dated in 2025), so yearly reports add up."""
    steps = Step.objects.filter(proposal_id__in=proposals.values("pk"))
    if period is not None:
        if period.start:
            steps = steps.filter(on__gte=period.start)
        if period.end:
            steps = steps.filter(on__lte=period.end)
    counts = {k: 0 for k in StepKind.values}
    for row in steps.order_by().values("kind").annotate(n=Count("proposal_id", distinct=True)):
        counts[row["kind"]] = row["n"]
    submitted = steps.filter(kind=StepKind.SUBMITTED)
    counts["suggestions"] = (
        submitted.filter(proposal__kind__in=SUGGESTION_KINDS).values("proposal_id").distinct().count()
    )
    counts["reports"] = (
        steps.filter(kind=StepKind.FORWARDED, proposal__kind__in=REPORT_KINDS)
        .values("proposal_id")
        .distinct()
        .count()
    )
    return counts


def ladder_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(k, str(StepKind(k).label), counts.get(k, 0)) for k in StepKind.values]


def steps_of(proposal: Proposal) -> QuerySet[Step]:
    return proposal.steps.select_related("body_org", "task", "measure", "task__lead").order_by("on", "id")
