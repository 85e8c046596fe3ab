"""Demo activities of the 临沂 report (marked `is_demo`), so the program page counts them from records:
"召开党外人士协商会、座谈会等25次", "培训企业家1400余人次" (14 trainings, 1,412 person-times),
"组织企业、资本等业界代表路演活动24场", "举办海归创新创业论坛18场次", "高层次交流活动11场", and a few
共同富裕 free clinics and volunteer services.

Titles, dates, places and head counts other than those totals are invented (seeded, repeatable).
The consultations link, as outcomes, to the proposals the 建言献策 demo created and to the tasks
assigned from them, so the chain consultation → task → closure is visible on the demo pages.
"""

from __future__ import annotations

import datetime as dt
import random

from django.apps import apps
from django.core.exceptions import FieldError

from tongxin.core.permissions import SYSTEM
from tongxin.orgs.models import Organization
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from .models import Activity, Kind
from .services import activity_create, outcome_link

TRAINING_PERSON_TIMES = [98, 102, 110, 95, 120, 88, 105, 99, 101, 97, 100, 103, 96, 98]  # 1,412
# (campaign, kind, count, title pattern)
PLAN = [
    ("建言献策", Kind.CONSULTATION, 15, "党外人士协商会(第{n}次)"),
    ("建言献策", Kind.SYMPOSIUM, 10, "党外人士建言献策座谈会(第{n}次)"),
    ("壮大民企", Kind.TRAINING, 14, "“品牌临沂星火计划”企业家培训班(第{n}期)"),
    ("壮大民企", Kind.ROADSHOW, 24, "企业、资本业界代表路演活动(第{n}场)"),
    ("创新创造", Kind.FORUM, 18, "海归创新创业论坛(第{n}场)"),
    ("双招双引", Kind.ROADSHOW, 11, "高层次交流合作推介会(第{n}场)"),
    ("共同富裕", Kind.FREE_CLINIC, 3, "民主党派助力乡村振兴义诊(第{n}次)"),
    ("共同富裕", Kind.VOLUNTEER, 3, "“万企兴万村”志愿服务(第{n}次)"),
]


def _consultation_outcomes(campaign: Program) -> list:
    """Proposals of the 建言献策 demo raised at consultations, and the tasks assigned from them."""
    try:
        proposal_model = apps.get_model("proposals", "Proposal")
        task_model = apps.get_model("proposals", "Task")
        proposals = list(proposal_model.objects.filter(program=campaign).order_by("pk")[:45])
        tasks = {t.proposal_id: t for t in task_model.objects.filter(proposal__in=proposals).order_by("pk")}
    except (LookupError, FieldError):
        return []
    return [(p, tasks.get(p.pk)) for p in proposals]


def load(stdout=None) -> None:
    linyi = Program.objects.filter(short_name="临沂五大行动").first()
    if linyi is None or Activity.all_objects.filter(is_demo=True, program__parent=linyi).exists():
        return
    rng = random.Random(25)
    campaigns = {p.short_name: p for p in linyi.children.all()}
    city = Region.objects.get(code="371300")
    counties = list(Region.objects.filter(parent_id="371300", level="county").order_by("code"))
    organizers = {
        "建言献策": Organization.objects.get(short_name="临沂市委统战部"),
        "创新创造": Organization.objects.get(short_name="临沂市委统战部"),
        "壮大民企": Organization.objects.get(short_name="临沂市工商联"),
        "双招双引": Organization.objects.get(short_name="临沂市委统战部"),
        "共同富裕": Organization.objects.get(short_name="临沂市工商联"),
    }
    outcomes = _consultation_outcomes(campaigns["建言献策"])
    made, linked = 0, 0
    for campaign, kind, count, pattern in PLAN:
        for n in range(1, count + 1):
            held = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randrange(0, 480))
            people = TRAINING_PERSON_TIMES[n - 1] if kind == Kind.TRAINING else rng.randrange(20, 90)
            activity = activity_create(
                actor=SYSTEM,
                code=f"LY-HD-{kind[:4].upper()}-{campaign}-{n:02d}",
                title=pattern.format(n=n),
                kind=kind,
                program=campaigns[campaign],
                organizer=organizers[campaign],
                held_on=held,
                region=city
                if kind in (Kind.CONSULTATION, Kind.SYMPOSIUM, Kind.FORUM)
                else rng.choice(counties),
                participants=people,
                person_times=people,
                topics="演示数据:议题为虚构。",
                is_demo=True,
            )
            made += 1
            if kind == Kind.CONSULTATION and outcomes:
                for proposal, task in outcomes[(n - 1) * 3 : n * 3]:
                    outcome_link(actor=SYSTEM, activity=activity, target=proposal, note="会上提出的意见建议")
                    linked += 1
                    if task is not None:
                        outcome_link(actor=SYSTEM, activity=activity, target=task, note="会后交办")
                        linked += 1
    if stdout:
        stdout.write(f"demo: {made} activities of 临沂五大行动, {linked} outcome links")
