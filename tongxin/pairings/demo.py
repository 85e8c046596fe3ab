"""Demo pairings of the reports: 亳州 "412家民企与412村开展对接帮扶" and 临沂 "累计动员4221家企业与3702个
行政村结对共建". Enterprises (with valid 统一社会信用代码) and villages (local codes under real townships)
are created through the orgs and regions services; the pairings in bulk, each row audited.

The 4,492 projects of 临沂 belong to the projects app and are not loaded here.
"""

from __future__ import annotations

import datetime as dt
import itertools

from tongxin.core.permissions import SYSTEM
from tongxin.orgs.credit_code import make_credit_code
from tongxin.orgs.models import Kind as OrgKind
from tongxin.orgs.models import Organization
from tongxin.orgs.services import organization_bulk_create, organization_get_or_create
from tongxin.programs.models import Kind as ProgramKind
from tongxin.programs.models import Program
from tongxin.programs.services import program_create
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
    stdout.write(f"pairings: 亳州 {n}, 临沂 {m} pairings loaded (临沂's 4492 projects: projects app)")
