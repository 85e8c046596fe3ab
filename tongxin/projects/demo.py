"""Demo projects (marked `is_demo`), generated so that the records add up to the published figures:
毕节 "实施帮扶项目1383个、投入资金4.67亿元", and the 建安合作 donations "捐赠总价值超千万元".

Nothing here stores a figure: the program page and the summary API compute 1383 and 4.67亿元 from
these rows. The split over counties, domains and organizations is invented (seeded, repeatable);
only the totals are the reports'.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.orgs.models import Organization
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from .importing import project_create_many
from .models import Kind, Project, Status

BIJIE_COUNT = 1383
BIJIE_TOTAL = Decimal("467000000.00")
BIJIE_COUNTIES = ["520502", "520521", "520523", "520524", "520525", "520526", "520527", "520581"]
# (organization short name, domain code, kinds) — the responsibility matrix of the 毕节 report.
BIJIE_PARTNERS = [
    ("民革中央", "talent", (Kind.TRAINING, Kind.SERVICE)),
    ("民盟中央", "education", (Kind.DONATION, Kind.TRAINING)),
    ("民建中央", "industry", (Kind.INVESTMENT, Kind.ADVISORY)),
    ("民进中央", "education", (Kind.DONATION, Kind.TRAINING)),
    ("农工党中央", "health", (Kind.SERVICE, Kind.DONATION)),
    ("致公党中央", "talent", (Kind.TRAINING,)),
    ("九三学社中央", "science", (Kind.ADVISORY, Kind.SERVICE)),
    ("台盟中央", "rural", (Kind.DONATION, Kind.INFRASTRUCTURE)),
    ("全国工商联", "industry", (Kind.INVESTMENT, Kind.INFRASTRUCTURE)),
    ("光彩会", "rural", (Kind.INFRASTRUCTURE, Kind.DONATION)),
]
TOPICS = {
    "talent": "技能实训",
    "education": "学校帮扶",
    "industry": "产业帮扶",
    "health": "医疗帮扶",
    "science": "科技服务",
    "rural": "乡村建设",
}

# The 建安合作 donations named in the report; the amounts are illustrative, the report gives only
# their total ("捐赠总价值超千万元"). (title, domain, kind, region, committed, in kind)
JIANAN_DONATIONS = [
    ("文物撑伞人守护计划", "culture", Kind.DONATION, "340882", "0", "1200000"),
    ("乡村儿童操场", "education", Kind.DONATION, "340828", "3000000", "0"),
    ("数字支教", "education", Kind.SERVICE, "340825", "1500000", "0"),
    ("新氧美丽计划义诊", "health", Kind.SERVICE, "340826", "0", "800000"),
    ("体检车捐赠", "health", Kind.DONATION, "340822", "0", "2600000"),
    ("AED除颤仪捐赠", "health", Kind.DONATION, "340802", "0", "1400000"),
]


def split(total: Decimal, n: int, rng: random.Random) -> list[Decimal]:
    """n positive amounts in fen that add up to `total` exactly (the last one takes the rest)."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(n)]
    fen = int(total * 100)
    scale = fen / sum(weights)
    parts = [max(100, int(w * scale)) for w in weights[:-1]]
    parts.append(fen - sum(parts))
    return [Decimal(p) / 100 for p in parts]


def _bijie_rows(program: Program) -> list[dict]:
    rng = random.Random(20230701)
    counties = {r.code: r for r in Region.objects.filter(code__in=BIJIE_COUNTIES)}
    towns = {c: list(Region.objects.filter(parent_id=c)[:12]) for c in BIJIE_COUNTIES}
    domains = {d.code: d for d in Domain.objects.all()}
    orgs = {
        o.short_name: o for o in Organization.objects.filter(short_name__in=[p[0] for p in BIJIE_PARTNERS])
    }
    amounts = split(BIJIE_TOTAL, BIJIE_COUNT, rng)
    start, rows = dt.date(2023, 7, 1), []
    for n, amount in enumerate(amounts, start=1):
        org, domain, kinds = BIJIE_PARTNERS[n % len(BIJIE_PARTNERS)]
        county = BIJIE_COUNTIES[rng.randrange(len(BIJIE_COUNTIES))]
        place = rng.choice(towns[county]) if towns[county] and rng.random() < 0.4 else counties[county]
        begun = start + dt.timedelta(days=rng.randrange(0, 700))
        done = begun + dt.timedelta(days=rng.randrange(30, 300))
        completed = done < dt.date(2025, 6, 30)
        rows.append(
            {
                "program": program,
                "code": f"BJ-{n:04d}",
                "title": f"{place.name}{TOPICS[domain]}项目({n:04d})",
                "kind": kinds[n % len(kinds)],
                "status": Status.COMPLETED if completed else Status.UNDER_WAY,
                "status_on": done if completed else begun,
                "region": place,
                "domain": domains[domain],
                "start_date": begun,
                "end_date": done if completed else None,
                "committed": amount,
                "disbursed": amount,
                "beneficiaries": rng.randrange(20, 2000),
                "beneficiary_times": rng.randrange(50, 6000),
                "implementers": [orgs[org]] if org in orgs else [],
                "description": "演示数据:按《毕节日报》所载总数生成,分布为虚构。",
            }
        )
    return rows


def _jianan_rows(program: Program) -> list[dict]:
    funder = Organization.objects.get(short_name="民建中央")
    implementer = Organization.objects.get(short_name="思源工程基金会")
    domains = {d.code: d for d in Domain.objects.all()}
    return [
        {
            "program": program,
            "code": f"JA-{n:03d}",
            "title": title,
            "kind": kind,
            "status": Status.COMPLETED,
            "status_on": dt.date(2025, 9, 30),
            "region": Region.objects.get(code=region),
            "domain": domains[domain],
            "start_date": dt.date(2025, 5, 1),
            "end_date": dt.date(2025, 9, 30),
            "committed": Decimal(committed),
            "disbursed": Decimal(committed),
            "in_kind": Decimal(in_kind),
            "funders": [funder],
            "implementers": [implementer],
            "description": "演示数据:项目名称见建安合作报道,金额为示意,合计与报道“捐赠总价值超千万元”一致。",
        }
        for n, (title, domain, kind, region, committed, in_kind) in enumerate(JIANAN_DONATIONS, start=1)
    ]


def load(stdout=None) -> None:
    for short, make in (("组团式帮扶毕节", _bijie_rows), ("建安合作", _jianan_rows)):
        program = Program.objects.filter(short_name=short).first()
        if program is None or Project.objects.filter(program=program, is_demo=True).exists():
            continue
        rows = make(program)
        for row in rows:
            row["is_demo"] = True
        created = project_create_many(actor=SYSTEM, rows=rows)
        if stdout:
            stdout.write(f"demo: {created} projects for {short}")
