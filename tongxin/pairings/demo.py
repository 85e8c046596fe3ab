"""Demo pairings of the reports: 亳州 "412家民企与412村开展对接帮扶" and 临沂 "累计动员4221家企业与3702个
行政村结对共建,达成合作项目4492个". Enterprises (with valid 统一社会信用代码) and villages (local codes under
real townships) are created through the orgs and regions services; the pairings in bulk, each row
audited; the 4,492 projects those pairings produced through the projects app's bulk service (this
loader runs after the projects app's own, so the pairings exist when their projects are written).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.orgs.credit_code import make_credit_code
from tongxin.orgs.models import Kind as OrgKind
from tongxin.orgs.models import Organization
from tongxin.orgs.services import organization_bulk_create, organization_get_or_create
from tongxin.programs.models import Kind as ProgramKind
from tongxin.programs.models import Program
from tongxin.programs.services import program_create
from tongxin.projects.importing import project_create_many
from tongxin.projects.models import Kind as ProjectKind
from tongxin.projects.models import Project
from tongxin.projects.models import Status as ProjectStatus
from tongxin.regions.models import Level, Region
from tongxin.regions.services import village_bulk_create

from .models import Kind, Pairing, Status
from .services import pairing_bulk_create

BOZHOU = "亳州市“万企兴万村”行动"

FIRM_WORDS = [
    "恒丰",
    "瑞祥",
    "金禾",
    "华泰",
    "鑫源",
    "丰泽",
    "绿源",
    "天成",
    "宏达",
    "润丰",
    "嘉禾",
    "永兴",
    "兴旺",
    "盛世",
    "康源",
    "聚力",
    "百川",
    "益农",
    "远航",
    "鸿运",
    "德润",
    "同创",
    "汇通",
    "长青",
    "佳禾",
    "中正",
    "锦程",
    "信达",
    "和顺",
    "万利",
]
INDUSTRIES = [
    "农业科技",
    "食品",
    "商贸",
    "建材",
    "物流",
    "电子商务",
    "中药材",
    "纺织",
    "机械制造",
    "生态农业",
    "文化旅游",
    "新能源",
    "木业",
    "包装",
    "畜牧",
]
VILLAGE_WORDS = [
    "王庄",
    "李楼",
    "张集",
    "刘寨",
    "后营",
    "前营",
    "东岭",
    "西岭",
    "南沟",
    "北沟",
    "石门",
    "柳河",
    "杏花",
    "桃园",
    "大王",
    "小李",
    "孙家",
    "赵庄",
    "马头",
    "河湾",
    "大官",
    "青山",
    "白马",
    "龙泉",
    "凤凰",
    "双河",
    "新庄",
    "高庄",
    "东关",
    "西关",
    "黄庄",
    "陈楼",
    "周寨",
    "吴集",
    "郑庄",
    "胡楼",
    "林场",
    "高桥",
    "朱庄",
    "何营",
]
RESPONSIBILITIES = [
    "产业帮扶:共建特色种养基地,订单收购农产品",
    "就业帮扶:吸纳本村劳动力就近务工,开展技能培训",
    "消费帮扶:直播带货、电商销售本村农副产品",
    "公益帮扶:助学、敬老、改善村内道路和路灯",
    "村企共建:共建帮扶车间,发展村级集体经济",
]


def _program_bozhou() -> Program:
    found = Program.objects.filter(name=BOZHOU).first()
    if found:
        return found
    federation, _ = organization_get_or_create(
        actor=SYSTEM,
        name="亳州市工商业联合会",
        short_name="亳州市工商联",
        kind=OrgKind.FEDERATION,
        home_region=Region.objects.get(code="341600"),
    )
    return program_create(
        actor=SYSTEM,
        name=BOZHOU,
        short_name="亳州万企兴万村",
        kind=ProgramKind.CAMPAIGN,
        published=True,
        start_date=dt.date(2021, 3, 1),
        description="组织动员民营企业与行政村结对,412家民企与412村开展对接帮扶。",
        lead_organizations=[federation],
        target_regions=[Region.objects.get(code="341600")],
    )


def _firms(prefecture: str, count: int, tag: str) -> list[Organization]:
    """`count` enterprises spread over the prefecture's counties; found again by credit code."""
    counties = list(Region.objects.filter(parent_id=prefecture, level=Level.COUNTY).order_by("code"))
    names = itertools.product(FIRM_WORDS, INDUSTRIES, counties)
    codes = [make_credit_code(f"91{prefecture}{tag}{n:06d}") for n in range(count)]
    existing = {o.credit_code: o for o in Organization.objects.filter(credit_code__in=codes)}
    missing = []
    for code in codes:
        word, industry, county = next(names)
        if code not in existing:
            missing.append(
                Organization(
                    name=f"{county.short_name}{word}{industry}有限公司",
                    kind=OrgKind.ENTERPRISE,
                    home_region=county,
                    credit_code=code,
                )
            )
    for org in organization_bulk_create(actor=SYSTEM, organizations=missing):
        existing[org.credit_code] = org
    return [existing[code] for code in codes]


def _villages(prefecture: str, count: int) -> list[Region]:
    """`count` villages over the prefecture's townships, round-robin, with local codes."""
    townships = list(
        Region.objects.filter(level=Level.TOWNSHIP, code__startswith=prefecture[:4]).order_by("code")
    )
    wanted = []
    for n in range(count):
        township = townships[n % len(townships)]
        k = n // len(townships)
        name = f"{VILLAGE_WORDS[k % len(VILLAGE_WORDS)]}{'' if k < len(VILLAGE_WORDS) else k // len(VILLAGE_WORDS)}村"
        wanted.append((township, name))
    existing = {
        (v.parent_id, v.name): v for v in Region.objects.filter(level=Level.VILLAGE, parent__in=townships)
    }
    missing = [(t, name) for t, name in wanted if (t.code, name) not in existing]
    for village in village_bulk_create(actor=SYSTEM, rows=missing):
        existing[(village.parent_id, village.name)] = village
    return [existing[(t.code, name)] for t, name in wanted]


def _pair(program: Program, firms: list[Organization], villages: list[Region], *, signed_share: int) -> int:
    """One pairing per village; the enterprises beyond the villages join as second helpers."""
    rows = []
    extra = firms[len(villages) :]
    for n, village in enumerate(villages):
        helpers = [firms[n].pk] + ([extra[n].pk] if n < len(extra) else [])
        signed = dt.date(2021 + n % 4, 1 + n % 12, 1 + n % 28)
        active = n % 100 >= signed_share
        rows.append(
            {
                "kind": Kind.ENTERPRISE_VILLAGE,
                "ref": f"{program.pk}-{n + 1:05d}",
                "helpers": helpers,
                "target_region": village.pk,
                "status": Status.ACTIVE if active else Status.SIGNED,
                "signed_on": signed,
                "start_date": signed if active else None,
                "responsibilities": RESPONSIBILITIES[n % len(RESPONSIBILITIES)],
            }
        )
    return len(pairing_bulk_create(actor=SYSTEM, program=program, rows=rows))


def load_prefecture(
    program: Program, *, prefecture: str, enterprises: int, villages: int, tag: str, signed_share: int = 0
) -> int:
    if Pairing.objects.filter(program=program).exists():
        return 0
    firms = _firms(prefecture, enterprises, tag)
    places = _villages(prefecture, villages)
    return _pair(program, firms, places, signed_share=signed_share)


LINYI_PROJECTS = 4492
# What a 村企结对 produces: (domain code, project kind, topic, amount range in 元).
PROJECT_TOPICS = [
    ("rural", ProjectKind.INVESTMENT, "特色种植基地共建", (200_000, 2_000_000)),
    ("industry", ProjectKind.INVESTMENT, "帮扶车间建设", (300_000, 3_000_000)),
    ("employment", ProjectKind.TRAINING, "农村劳动力技能培训", (10_000, 80_000)),
    ("rural", ProjectKind.SERVICE, "农产品直播带货", (10_000, 100_000)),
    ("industry", ProjectKind.INVESTMENT, "订单农业合作", (100_000, 1_500_000)),
    ("infrastructure", ProjectKind.INFRASTRUCTURE, "道路硬化及路灯安装", (100_000, 800_000)),
    ("welfare", ProjectKind.DONATION, "金秋助学", (20_000, 200_000)),
    ("welfare", ProjectKind.DONATION, "重阳敬老慰问", (10_000, 60_000)),
    ("rural", ProjectKind.INVESTMENT, "蔬菜大棚改造提升", (150_000, 1_200_000)),
    ("industry", ProjectKind.INVESTMENT, "村集体经济入股分红", (100_000, 1_000_000)),
    ("culture", ProjectKind.SERVICE, "乡村旅游开发", (100_000, 900_000)),
    ("employment", ProjectKind.SERVICE, "就近务工岗位对接", (5_000, 50_000)),
    ("rural", ProjectKind.INVESTMENT, "食用菌种植示范", (150_000, 1_000_000)),
    ("industry", ProjectKind.INVESTMENT, "屋顶分布式光伏", (200_000, 1_800_000)),
    ("rural", ProjectKind.SERVICE, "村级电商服务站建设", (30_000, 200_000)),
    ("infrastructure", ProjectKind.INFRASTRUCTURE, "农村饮水安全改造", (100_000, 600_000)),
    ("education", ProjectKind.DONATION, "村小图书室捐建", (20_000, 150_000)),
    ("health", ProjectKind.SERVICE, "名医义诊进村", (5_000, 40_000)),
    ("rural", ProjectKind.INVESTMENT, "农产品冷链仓储建设", (300_000, 2_500_000)),
    ("industry", ProjectKind.ADVISORY, "村级产业发展规划咨询", (10_000, 80_000)),
]


def _project_rows(program: Program, count: int) -> list[dict]:
    """`count` projects over the program's pairings: one each, then a second for the first ones.

    Each is placed at the pairing's village and carried out by one of its enterprises; the split over
    topics, amounts and dates is invented (seeded, repeatable), only the count is the report's.
    """
    pairings = list(Pairing.objects.filter(program=program).order_by("pk"))
    if not pairings:
        return []
    helpers: dict[int, list[int]] = {}
    for pid, org in (
        Pairing.helpers.through.objects.filter(pairing__in=pairings)
        .order_by("pairing_id", "organization_id")
        .values_list("pairing_id", "organization_id")
    ):
        helpers.setdefault(pid, []).append(org)
    orgs = Organization.objects.in_bulk([o for ids in helpers.values() for o in ids])
    places = Region.objects.in_bulk([p.place_id for p in pairings], field_name="code")
    towns = dict(
        Region.objects.filter(code__in={v.parent_id for v in places.values()}).values_list("code", "name")
    )
    domains = {d.code: d for d in Domain.objects.filter(code__in={t[0] for t in PROJECT_TOPICS})}
    rng, cutoff, rows = random.Random(4492), dt.date(2025, 6, 30), []
    for n in range(count):
        pairing, round_ = pairings[n % len(pairings)], n // len(pairings)
        firms = helpers[pairing.pk]
        firm = orgs[firms[round_ % len(firms)]]
        village = places[pairing.place_id]
        domain, kind, topic, (low, high) = PROJECT_TOPICS[(pairing.pk + 7 * round_) % len(PROJECT_TOPICS)]
        committed = Decimal(rng.randrange(low, high, 100))
        begun = (pairing.signed_on or dt.date(2022, 1, 1)) + dt.timedelta(days=rng.randrange(30, 400))
        done = begun + dt.timedelta(days=rng.randrange(60, 360))
        completed = done <= cutoff
        rows.append(
            {
                "program": program,
                "pairing": pairing,
                "code": f"LY-JD-{n + 1:05d}",
                "title": f"{towns.get(village.parent_id, '')}{village.name}{topic}项目",
                "kind": kind,
                "status": ProjectStatus.COMPLETED if completed else ProjectStatus.UNDER_WAY,
                "status_on": done if completed else begun,
                "region": village,
                "domain": domains[domain],
                "start_date": begun,
                "end_date": done if completed else None,
                "committed": committed,
                "disbursed": committed
                if completed
                else (committed * rng.randrange(30, 90) / 100).quantize(Decimal("0.01")),
                "beneficiaries": rng.randrange(15, 600),
                "implementers": [firm],
                "description": f"演示数据:{firm.name}与{village.name}结对共建达成的合作项目;"
                "总数按临沂“达成合作项目4492个”生成,分布为虚构。",
                "is_demo": True,
            }
        )
    return rows


def load_projects(program: Program, count: int) -> int:
    """The projects the program's pairings produced; nothing when they are already there."""
    if Project.objects.filter(program=program, is_demo=True, pairing__isnull=False).exists():
        return 0
    rows = _project_rows(program, count)
    return project_create_many(actor=SYSTEM, rows=rows) if rows else 0


def load(stdout, *, scale: float = 1.0) -> None:
    """`scale` < 1 gives the same shape with fewer rows (tests)."""
    bozhou = _program_bozhou()
    n = load_prefecture(
        bozhou,
        prefecture="341600",
        enterprises=round(412 * scale),
        villages=round(412 * scale),
        tag="PB",
        signed_share=3,
    )
    linyi = Program.objects.get(short_name="共同富裕")
    m = load_prefecture(
        linyi, prefecture="371300", enterprises=round(4221 * scale), villages=round(3702 * scale), tag="PL"
    )
    k = load_projects(linyi, round(LINYI_PROJECTS * scale))
    stdout.write(f"pairings: 亳州 {n}, 临沂 {m} pairings loaded; 临沂 {k} projects produced by pairings")
