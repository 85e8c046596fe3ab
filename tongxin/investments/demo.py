"""Demo contracts of "中国光彩事业毕节行" (marked `is_demo`): 113 signed, worth exactly 558.66亿元,
109 of them performing or later, so the program page computes 履约率 96.46% from the rows.

The split over investors, counties and states is invented (seeded, repeatable); only the totals
are the report's. The investors other than 雅戈尔 (named in the report) are demo enterprises.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.orgs.models import Kind as OrgKind
from tongxin.orgs.services import organization_get_or_create
from tongxin.programs.models import Program
from tongxin.projects.demo import BIJIE_COUNTIES, split
from tongxin.regions.models import Region

from .models import Investment, State
from .services import investment_create

EVENT = "中国光彩事业毕节行"
SIGNED = 113
TOTAL = Decimal("55866000000.00")
# 109 performing or later; 4 not (2 still only signed, 2 stalled).
STATES = (
    [State.PERFORMING] * 41
    + [State.STARTED] * 30
    + [State.PRODUCING] * 38
    + [State.SIGNED] * 2
    + [State.STALLED] * 2
)
INVESTORS = [("雅戈尔集团股份有限公司", "330200"), ("贵州新昊亚麻纺织有限公司", "520500")] + [
    (f"光彩毕节行签约企业{n:02d}(演示)", "520500") for n in range(1, 11)
]


def load(stdout=None) -> None:
    program = Program.objects.filter(short_name="组团式帮扶毕节").first()
    if program is None or Investment.objects.filter(program=program, is_demo=True).exists():
        return
    rng = random.Random(113)
    investors = [
        organization_get_or_create(
            actor=SYSTEM,
            name=name,
            kind=OrgKind.ENTERPRISE,
            home_region=Region.objects.filter(code=code).first(),
        )[0]
        for name, code in INVESTORS
    ]
    domain = Domain.objects.get(code="industry")
    regions = {r.code: r for r in Region.objects.filter(code__in=BIJIE_COUNTIES)}
    for n, (amount, state) in enumerate(zip(split(TOTAL, SIGNED, rng), STATES, strict=True), start=1):
        signed = dt.date(2023, 8, 1) + dt.timedelta(days=rng.randrange(0, 500))
        later = signed + dt.timedelta(days=rng.randrange(30, 200))
        dates = {"intended_on": signed - dt.timedelta(days=30), "signed_on": signed}
        if state != State.SIGNED:
            dates["performing_on"] = later
        if state in (State.STARTED, State.PRODUCING):
            dates["started_on"] = later + dt.timedelta(days=20)
        if state == State.PRODUCING:
            dates["producing_on"] = later + dt.timedelta(days=120)
        if state == State.STALLED:
            dates["stalled_on"] = later + dt.timedelta(days=60)
        investment_create(
            actor=SYSTEM,
            code=f"GC-BJ-{n:03d}",
            title=f"光彩毕节行签约产业项目{n:03d}",
            investor=investors[0] if n == 1 else rng.choice(investors),
            region=regions[BIJIE_COUNTIES[n % len(BIJIE_COUNTIES)]],
            program=program,
            event=EVENT,
            domain=domain,
            amount=amount,
            state=state,
            is_demo=True,
            note="演示数据:按《毕节日报》所载总数生成,分布为虚构。",
            **dates,
        )
    if stdout:
        stdout.write(f"demo: {SIGNED} contracts of {EVENT}")
