"""Reads over proposals: the filtered list and the ladder counts (470 / 1100 / 630 / 56 / 320) for
any filter — program with its sub-programs, organization subtree, region subtree, period."""

from __future__ import annotations

import re

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

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
        # "has reached this step", as ladder_counts counts it (not only the highest step reached).
        qs = qs.filter(pk__in=Step.objects.filter(kind=stage).values("proposal_id"))
    if q:
        term = normalize(q)
        qs = qs.filter(Q(title__icontains=term) | Q(ref=term) | Q(text__icontains=term))
    return qs


def proposal_list(*, user, **filters) -> QuerySet[Proposal]:
    qs = permissions.scoped(user, permissions.VIEW, Proposal.objects.all())
    return proposal_filter(qs, **filters).select_related("program", "place")


def proposal_may_add(*, user, program) -> bool:
    """Whether to offer "登记建议" (a coordinator of 临沂五大行动 may add to its campaign 建言献策)."""
    return permissions.may_add(user, Proposal, program_id=program.pk)


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


def author_candidates(submitters) -> QuerySet:
    """Who may be named 执笔人: the contacts of the submitting organizations and their sub-units."""
    from tongxin.orgs.models import Contact

    q = Q(pk__in=[])
    for org in submitters:
        q |= permissions.prefix_q("organization__path", org.path)
    return Contact.objects.filter(q).select_related("organization")


def author_resolve(submitters, values) -> list:
    """执笔人 by contact id (API) or by name / "name(organization)" (pages), only among the contacts
    of the submitting organizations, so an id elsewhere reads as unknown and leaks nobody's name.
    Raises LookupError naming the first value that matches no one, or more than one."""
    if isinstance(values, str):
        values = [v for v in re.split(r"[,,、;;\n]+", values) if v.strip()]
    candidates = list(author_candidates(submitters))
    found = []
    for value in values:
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            hits = [c for c in candidates if c.pk == int(value)]
        else:
            text = normalize(value)
            hits = [c for c in candidates if text in (normalize(c.name), normalize(str(c)))]
        if not hits:
            raise LookupError(_("提交单位中没有联系人“%(v)s”") % {"v": value})
        if len(hits) > 1:
            raise LookupError(
                _("“%(v)s”不唯一,请写成“姓名(单位)”:%(c)s") % {"v": value, "c": "、".join(map(str, hits))}
            )
        if hits[0] not in found:
            found.append(hits[0])
    return found
