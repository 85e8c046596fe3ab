"""Demo sites of the 临沂 report (marked `is_demo`), so the program page counts them from records:
"平台63处" under 建言献策; "新阶层服务站132处、创新实践基地36处…科技专家服务站23个、培训基地3个…孵化器1处、
技术创新应用中心2处" under 创新创造. Two further 新阶层服务站 were withdrawn (摘牌) and are not counted.

Names, hosts, counties, dates and scores are invented (seeded, repeatable); only the counts are the
report's. Every 新阶层服务站 and 科技专家服务站 has a 2025 evaluation, the older ones a 2024 one too.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from tongxin.core.permissions import SYSTEM
from tongxin.orgs.models import Kind as OrgKind
from tongxin.orgs.models import Organization
from tongxin.orgs.services import organization_get_or_create
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from .models import Kind, Site, Status, Template, Tier
from .services import evaluation_record, site_create, site_set_status, template_create

TEMPLATE = "阵地年度考核评分表(通用)"
ITEMS = [
    ("组织建设", Decimal(1), Decimal(20)),
    ("阵地设施", Decimal(1), Decimal(15)),
    ("活动开展", Decimal(1), Decimal(25)),
    ("服务成效", Decimal(1), Decimal(30)),
    ("宣传推广", Decimal(1), Decimal(10)),
]
# (campaign short name, series, kind, tier, count, code prefix, evaluated)
SERIES = [
    ("建言献策", "民主党派调研工作站", Kind.WORKSTATION, Tier.MUNICIPAL, 31, "DYGZZ", False),
    ("建言献策", "党外人士建言献策工作室", Kind.STUDIO, Tier.COUNTY, 32, "JYXCS", False),
    ("创新创造", "新阶层服务站", Kind.SERVICE_STATION, Tier.COUNTY, 132, "XJC", True),
    ("创新创造", "创新实践基地", Kind.PRACTICE_BASE, Tier.MUNICIPAL, 36, "CXSJ", False),
    ("创新创造", "科技专家服务站", Kind.SERVICE_STATION, Tier.MUNICIPAL, 23, "KJZJ", True),
    ("创新创造", "培训基地", Kind.BASE, Tier.MUNICIPAL, 3, "PXJD", False),
    ("创新创造", "海归人才创新创业孵化器", Kind.INCUBATOR, Tier.MUNICIPAL, 1, "HGFHQ", False),
    ("创新创造", "技术创新应用中心", Kind.CENTER, Tier.MUNICIPAL, 2, "JSCX", False),
]
WITHDRAWN = 2


def _hosts(counties: list[Region]) -> dict[str, Organization]:
    """One 统战部 per county of 临沂 (demo organizations), plus the city's own."""
    city = Organization.objects.get(short_name="临沂市委统战部")
    hosts = {"371300": city}
    for county in counties:
        hosts[county.code], _ = organization_get_or_create(
            actor=SYSTEM,
            name=f"中共临沂市{county.name}委统一战线工作部",
            kind=OrgKind.PARTY_COMMITTEE,
            home_region=county,
        )
    return hosts


def _scores(rng: random.Random) -> dict[str, Decimal]:
    quality = rng.uniform(0.55, 1.0)
    return {
        name: min(maximum, Decimal(round(float(maximum) * rng.uniform(quality - 0.1, quality + 0.05), 1)))
        .max(Decimal(0))
        .quantize(Decimal("0.1"))
        for name, _w, maximum in ITEMS
    }


def load(stdout=None) -> None:
    linyi = Program.objects.filter(short_name="临沂五大行动").first()
    if linyi is None or Site.all_objects.filter(is_demo=True, program__parent=linyi).exists():
        return
    rng = random.Random(132)
    template = Template.objects.filter(name=TEMPLATE).first() or template_create(
        actor=SYSTEM, name=TEMPLATE, items=ITEMS, note="演示模板;管理员可在管理后台修改考核项目、权重和满分。"
    )
    counties = list(Region.objects.filter(parent_id="371300", level="county").order_by("code"))
    hosts = _hosts(counties)
    campaigns = {p.short_name: p for p in linyi.children.all()}
    made = 0
    for campaign, series, kind, tier, count, prefix, evaluated in SERIES:
        total = count + (WITHDRAWN if series == "新阶层服务站" else 0)
        for n in range(1, total + 1):
            county = counties[(n - 1) % len(counties)]
            designated = dt.date(2021, 3, 1) + dt.timedelta(days=rng.randrange(0, 1200))
            site = site_create(
                actor=SYSTEM,
                code=f"LY-{prefix}-{n:03d}",
                name=f"{county.name}{series}" + (f"(第{n}处)" if total > 1 else ""),
                kind=kind,
                series=series,
                tier=tier,
                region=county,
                host=hosts[county.code] if tier == Tier.COUNTY else hosts["371300"],
                program=campaigns[campaign],
                designated_on=designated,
                is_demo=True,
                note="演示数据:按临沂市“五大行动”新闻发布会所载数量生成,名称与分布为虚构。",
            )
            made += 1
            if n > count:
                site_set_status(
                    actor=SYSTEM,
                    site=site,
                    status=Status.WITHDRAWN,
                    on=dt.date(2025, 6, 30),
                    note="年度考核不合格,摘牌",
                )
                continue
            if not evaluated:
                continue
            for year in (2024, 2025):
                if designated.year < year:
                    evaluation_record(
                        actor=SYSTEM,
                        site=site,
                        year=year,
                        template=template,
                        scores=_scores(rng),
                        evaluated_on=dt.date(year + 1, 1, 15),
                        evaluator="临沂市委统战部“五大行动”工作专班",
                    )
    if stdout:
        stdout.write(f"demo: {made} sites of 临沂五大行动 (新阶层服务站 132 live) with evaluations")
