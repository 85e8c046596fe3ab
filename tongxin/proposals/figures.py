"""The 建言献策 figures of a program ("征集意见建议470余条…56篇获…批示…320多条建议转化"), counted from
steps, and the supervision figure `overdue`; registered once in `core.figures`."""

from __future__ import annotations

from django.utils import timezone

from tongxin.core import figures as registry

from .models import Proposal, Task
from .selectors import (
    ladder_counts,
    ladder_rows,
    program_ids,
    proposal_filter,
    proposal_list,
    proposal_may_add,
)
from .supervision import open_overdue_q, overdue_list


def proposals_of(program, *, region=None):
    return proposal_filter(Proposal.objects.all(), program=program, region=region)


def _ladder(key: str):
    def compute(program, *, period=None, region=None):
        return ladder_counts(proposals_of(program, region=region), period=period)[key]

    return compute


def overdue_count(program, *, period=None, region=None) -> int:
    qs = Task.objects.filter(
        open_overdue_q(timezone.localdate()), proposal__in=proposals_of(program, region=region)
    )
    return qs.count()


FIGURES = [
    ("proposals.submitted", "征集意见建议", "条", "suggestions", "proposals_submitted"),
    ("proposals.reports", "报送调研报告、社情民意信息", "篇", "reports", "proposals_reports"),
    ("proposals.adopted", "被采用", "篇", "adopted", "proposals_adopted"),
    ("proposals.instructed", "获领导批示", "篇", "instructed", "proposals_instructed"),
    ("proposals.assigned", "交办", "件", "assigned", "proposals_assigned"),
    ("proposals.closed", "办结", "件", "closed", "proposals_closed"),
    ("proposals.converted", "转化为工作举措", "条", "converted", "proposals_converted"),
]


def register_all() -> None:
    for n, (key, label, unit, rung, summary) in enumerate(FIGURES):
        registry.register(
            key, label=label, unit=unit, compute=_ladder(rung), summary_name=summary, position=60 + n
        )
    registry.register(
        "proposals.overdue",
        label="逾期未办督办事项",
        unit="件",
        compute=overdue_count,
        summary_name="overdue",
        position=69,
    )


def program_panel(request, program):
    """The program page's 建言献策 section: the ladder, the overdue count and the links."""
    proposals = proposal_list(user=request.user, program=program)
    counts = ladder_counts(proposals)
    may_add = proposal_may_add(user=request.user, program=program)
    if not counts["submitted"] and not may_add:
        return None
    overdue = overdue_list(user=request.user, program_ids=program_ids(program))
    return {
        "program": program,
        "counts": counts,
        "ladder": ladder_rows(counts),
        "overdue": len(overdue),
        "may_add": may_add,
    }
