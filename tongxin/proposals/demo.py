"""临沂 建言献策 demo: the report's ladder as records, so the program page computes
"征集意见建议470余条…1100余篇…630余篇被采用…56篇获批示…320多条建议转化" from them.

Bulk rows for the ladder (deterministic, seeded), then a few proposals walked through the real
services as the system actor, some deliberately overdue so the supervision board is not empty.
Idempotent: nothing is added when the demo's numbered rows already exist.
"""

import datetime as dt
import random

from django.utils import timezone

from tongxin.core.permissions import SYSTEM
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from . import people, services, supervision
from .bulk import Row, ladder_bulk_create
from .models import Channel, Kind, Level, Measure, Proposal, Step, StepKind, Task
from .workdays import add_workdays

SUGGESTIONS, REPORTS = 476, 1108
# The supervised items below each carry a leader's instruction too: together they make the 56 批示.
OPEN_ITEMS = [(40, 0, False), (30, 1, True), (24, 2, True), (19, 3, False), (5, 4, False), (28, 5, True)]
ADOPTED_REPORTS, ADOPTED_SUGGESTIONS, INSTRUCTED, CONVERTED = 598, 36, 56, 324
TOPICS = [
    "民营企业融资",
    "临沂商城数字化转型",
    "物流降本增效",
    "乡村振兴产业园",
    "沂蒙红色文化传承",
    "县域医共体建设",
    "职业教育产教融合",
    "新材料产业链",
    "人才引进安居",
    "营商环境优化",
    "农村电商",
    "老旧小区改造",
    "小微企业减负",
    "科技成果转化",
    "智慧养老",
    "河长制落实",
    "预制菜产业",
    "跨境电商综试区",
]
ADOPTERS = [
    ("中央统战部", Level.NATIONAL),
    ("全国政协", Level.NATIONAL),
    ("山东省委统战部", Level.PROVINCIAL),
    ("山东省政协", Level.PROVINCIAL),
    ("临沂市委", Level.MUNICIPAL),
    ("临沂市政协", Level.MUNICIPAL),
    ("临沂市政府办公室", Level.MUNICIPAL),
]
LEADERS = [
    ("山东省委", Level.PROVINCIAL, "省委领导同志"),
    ("临沂市委", Level.MUNICIPAL, "市委主要负责同志"),
    ("临沂市政府", Level.MUNICIPAL, "市政府主要负责同志"),
]


def _day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _rows(program, rng, today):
    submitters = people.submitters()
    departments = people.departments()
    counties = list(Region.objects.filter(parent_id="371300").order_by("code")) or [None]
    rows, measures = [], {}
    kinds = [Kind.SUGGESTION] * 400 + [Kind.IDEA] * 50 + [Kind.PROPOSAL] * (SUGGESTIONS - 450)
    kinds += [Kind.RESEARCH_REPORT] * 300 + [Kind.PUBLIC_OPINION] * (REPORTS - 300)
    last = today - dt.timedelta(days=60)
    for n, kind in enumerate(kinds, start=1):
        topic = TOPICS[n % len(TOPICS)]
        title = {
            Kind.RESEARCH_REPORT: f"关于{topic}的调研报告",
            Kind.PUBLIC_OPINION: f"关于{topic}的社情民意信息",
        }.get(kind, f"关于{topic}的建议")
        on = _day(rng, dt.date(2023, 3, 1), last - dt.timedelta(days=120))
        p = Proposal(
            ref=f"LY-{n:04d}",
            title=f"{title}({n})",
            kind=kind,
            submitted_on=on,
            channel=Channel.DIRECT if n % 7 == 0 else Channel.REGULAR,
            place=rng.choice(counties),
            text=f"围绕{topic}提出意见建议。",
        )
        rows.append(Row(p, [submitters[n % len(submitters)]]))
    reports = [r for r in rows if r.proposal.kind in (Kind.RESEARCH_REPORT, Kind.PUBLIC_OPINION)]
    suggestions = [r for r in rows if r not in reports]
    for r in reports:
        r.steps.append(
            Step(
                kind=StepKind.FORWARDED,
                on=r.proposal.submitted_on + dt.timedelta(days=rng.randrange(1, 8)),
                body="临沂市委统战部",
                level=Level.MUNICIPAL,
            )
        )
    adopted = rng.sample(reports, ADOPTED_REPORTS) + rng.sample(suggestions, ADOPTED_SUGGESTIONS)
    for r in adopted:
        base = r.steps[-1].on if r.steps else r.proposal.submitted_on
        for body, level in rng.sample(ADOPTERS, 2 if rng.random() < 0.2 else 1):
            r.steps.append(
                Step(
                    kind=StepKind.ADOPTED,
                    on=base + dt.timedelta(days=rng.randrange(3, 30)),
                    body=body,
                    level=level,
                )
            )
    for r in rng.sample(adopted, INSTRUCTED - len(OPEN_ITEMS)):
        body, level, person = rng.choice(LEADERS)
        on = max(s.on for s in r.steps) + dt.timedelta(days=rng.randrange(2, 15))
        r.steps.append(
            Step(
                kind=StepKind.INSTRUCTED,
                on=on,
                body=body,
                level=level,
                person=person,
                text="请有关部门认真研究吸纳。",
            )
        )
    for i, r in enumerate(rng.sample(suggestions, CONVERTED)):
        start = max([s.on for s in r.steps] + [r.proposal.submitted_on]) + dt.timedelta(
            days=rng.randrange(3, 20)
        )
        lead = departments[i % len(departments)]
        task = Task(
            lead=lead,
            assigned_on=start,
            claim_due=add_workdays(start, 3),
            due=add_workdays(start, 15),
            claimed_on=add_workdays(start, 2),
        )
        task.replied_on = add_workdays(start, rng.randrange(8, 15))
        task.closed_on = task.replied_on + dt.timedelta(days=rng.randrange(1, 10))
        task.measure_taken = f"制定{r.proposal.title[2:8]}工作方案并组织实施"
        r.task = task
        r.steps += [
            Step(
                kind=StepKind.ASSIGNED,
                on=start,
                body="临沂市委统战部",
                level=Level.MUNICIPAL,
                text="交办办理",
            ),
            Step(
                kind=StepKind.REPLIED,
                on=task.replied_on,
                body=lead.name,
                body_org=lead,
                text="已研究办理并反馈",
            ),
            Step(
                kind=StepKind.CLOSED,
                on=task.closed_on,
                body=lead.name,
                body_org=lead,
                text=task.measure_taken,
            ),
        ]
        key = f"M{i // 2:03d}"  # two proposals per measure
        issued = task.closed_on + dt.timedelta(days=rng.randrange(5, 30))
        measure = measures.setdefault(
            key,
            Measure(
                title=f"临沂市{TOPICS[i % len(TOPICS)]}工作举措({i // 2 + 1})",
                issuing_body="临沂市人民政府",
                level=Level.MUNICIPAL,
                issued_on=issued,
            ),
        )
        measure.issued_on = max(measure.issued_on, issued)
        r.measure_key = key
    for r in rows:
        if r.measure_key:
            r.steps.append(
                Step(
                    kind=StepKind.CONVERTED,
                    on=measures[r.measure_key].issued_on,
                    body="临沂市人民政府",
                    level=Level.MUNICIPAL,
                    text=measures[r.measure_key].title,
                )
            )
    for r in rows:
        for s in r.steps:
            s.on = min(s.on, today)
    return rows, measures


def _open_items(program, today):
    """A few live tasks through the services: overdue at each escalation level, one on time, one
    awaiting an extension decision."""
    departments = people.departments()
    submitter = people.submitters()[0]
    for n, (days_ago, lead, claimed) in enumerate(OPEN_ITEMS, start=1):
        assigned_on = add_workdays(today - dt.timedelta(days=days_ago + 10), 0)
        p = services.proposal_create(
            actor=SYSTEM,
            program=program,
            ref=f"LY-DB-{n}",
            title=f"关于{TOPICS[n]}的督办建议",
            kind=Kind.SUGGESTION,
            submitted_on=assigned_on - dt.timedelta(days=7),
            submitters=[submitter],
            channel=Channel.DIRECT,
        )
        services.proposal_step_add(
            actor=SYSTEM,
            proposal=p,
            kind=StepKind.INSTRUCTED,
            on=assigned_on - dt.timedelta(days=2),
            body="临沂市委",
            level=Level.MUNICIPAL,
            person="市委主要负责同志",
            text="请督办落实。",
        )
        task = services.proposal_assign(
            actor=SYSTEM,
            proposal=p,
            lead=departments[lead],
            on=assigned_on,
            body="临沂市委统战部",
            level=Level.MUNICIPAL,
        )
        if claimed:
            supervision.task_claim(actor=SYSTEM, task=task, on=task.claim_due)
        if n == 6:
            supervision.extension_request(
                actor=SYSTEM,
                task=task,
                new_due=add_workdays(task.due, 20),
                reason="涉及多部门协调,需补充调研",
            )


def load(stdout) -> None:
    people.users()
    program = Program.objects.get(short_name="建言献策")
    if Proposal.objects.filter(program=program, ref="LY-0001").exists():
        stdout.write("proposals: 临沂 建言献策 already loaded")
        return
    today = timezone.localdate()
    rows, measures = _rows(program, random.Random(20240618), today)
    count = ladder_bulk_create(actor=SYSTEM, program=program, rows=rows, measures=measures)
    _open_items(program, today)
    stdout.write(
        f"proposals: {count} 临沂 proposals with their ladders, {len(measures)} measures, 6 supervised tasks"
    )
