"""The loaders' path for thousands of proposals with their ladders (the 临沂 demo's 1,500+ rows).

The same row rules as the services (`full_clean`, steps never before the submission, replies only
after an assignment, deadlines after the assignment), but bulk inserts in one transaction, and one
audit entry per written row via `audit.record_bulk`, so bulk rows stay attributable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit, permissions
from tongxin.core.errors import Invalid

from .models import RANK, REQUIRES, Measure, Proposal, Step, StepKind, Task


@dataclass
class Row:
    proposal: Proposal
    submitters: list
    steps: list[Step] = field(default_factory=list)
    task: Task | None = None
    measure_key: str | None = None  # rows sharing a key are converted into one measure


def _check(n: int, row: Row) -> None:
    p = row.proposal
    try:
        p.clean_fields(exclude=["program", "place", "attachment"])
        if row.task:
            row.task.clean()
    except ValidationError as exc:
        raise Invalid(_("第%(n)s行:%(e)s") % {"n": n, "e": Invalid.from_django(exc).message}) from None
    held = {StepKind.SUBMITTED}
    for step in sorted(row.steps, key=lambda s: (s.on, RANK[s.kind])):
        if step.on < p.submitted_on:
            raise Invalid(_("第%(n)s行:%(s)s早于提交日期。") % {"n": n, "s": step.get_kind_display()})
        if any(k not in held for k in REQUIRES[step.kind]):
            raise Invalid(_("第%(n)s行:%(s)s缺少前序环节。") % {"n": n, "s": step.get_kind_display()})
        held.add(step.kind)
    if StepKind.ASSIGNED in held and row.task is None:
        raise Invalid(_("第%(n)s行:交办须有交办事项。") % {"n": n})


def ladder_bulk_create(*, actor, program, rows: list[Row], measures: dict[str, Measure]) -> int:
    """Insert proposals, their submitted step and given steps, tasks and measures; returns the count."""
    if actor is not permissions.SYSTEM and not permissions.is_admin(actor):
        raise permissions.Forbidden(_("批量导入仅限系统或管理员。"))
    for n, row in enumerate(rows, start=1):
        row.proposal.program = program
        _check(n, row)
    with transaction.atomic():
        created = Proposal.objects.bulk_create([r.proposal for r in rows], batch_size=500)
        Through = Proposal.submitters.through
        Through.objects.bulk_create(
            [
                Through(proposal_id=p.pk, organization_id=o.pk)
                for p, r in zip(created, rows, strict=True)
                for o in r.submitters
            ],
            batch_size=2000,
        )
        for measure in measures.values():
            measure.program = program
        saved_measures = Measure.objects.bulk_create(list(measures.values()))
        links = Measure.proposals.through
        links.objects.bulk_create(
            [
                links(measure_id=measures[r.measure_key].pk, proposal_id=r.proposal.pk)
                for r in rows
                if r.measure_key
            ],
            batch_size=2000,
        )
        tasks = []
        for row in rows:
            if row.task:
                row.task.proposal = row.proposal
                tasks.append(row.task)
        Task.objects.bulk_create(tasks, batch_size=500)
        steps = []
        for row in rows:
            p = row.proposal
            steps.append(
                Step(
                    proposal=p,
                    kind=StepKind.SUBMITTED,
                    on=p.submitted_on,
                    body=row.submitters[0].name,
                    body_org=row.submitters[0],
                )
            )
            for step in row.steps:
                step.proposal = p
                if step.kind in (StepKind.ASSIGNED, StepKind.REPLIED, StepKind.CLOSED):
                    step.task = row.task
                if step.kind == StepKind.CONVERTED:
                    step.measure = measures[row.measure_key]
                steps.append(step)
            kinds = {s.kind for s in row.steps} | {StepKind.SUBMITTED}
            p.stage = max(kinds, key=RANK.__getitem__)
        Step.objects.bulk_create(steps, batch_size=1000)
        Proposal.objects.bulk_update(created, ["stage"], batch_size=500)
        of_program = lambda obj: program.pk  # noqa: E731
        audit.record_bulk(
            actor=actor, action="proposals.bulk_created", objs=created, program_id_of=of_program
        )
        audit.record_bulk(actor=actor, action="proposals.bulk_created", objs=tasks, program_id_of=of_program)
        audit.record_bulk(
            actor=actor, action="proposals.bulk_created", objs=saved_measures, program_id_of=of_program
        )
    return len(created)
