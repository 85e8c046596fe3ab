"""Small, realistic test data for needs, offers and pairings: a handful of rows, real region codes."""

from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.orgs.credit_code import make_credit_code
from tongxin.orgs.models import Kind
from tongxin.orgs.services import organization_create
from tongxin.regions.models import Region

from ..services import need_create, offer_create

NEEDS = [
    ("纳雍县", "rural", "村里茶叶种植规模大,缺少冷链仓储和电商销售渠道,希望对接农产品销售企业"),
    ("大方县", "health", "乡镇卫生院缺少远程医疗设备,希望三甲医院开展义诊和医生培训"),
    ("金沙县", "education", "山区小学缺少音乐美术教师,希望开展支教和教师培训"),
]
OFFERS = [
    ("industry", "农产品电商销售和冷链物流服务,可帮助茶叶、蔬菜打开销售渠道", "110105"),
    ("health", "三甲医院专家团队,可开展义诊、远程医疗和基层医生培训", "510107"),
    ("education", "师范大学志愿者团队,可开展支教和乡村教师培训", "110108"),
]


def enterprise(name: str, region: str, n: int):
    return organization_create(
        actor=SYSTEM,
        name=name,
        kind=Kind.ENTERPRISE,
        home_region=Region.objects.get(code=region),
        credit_code=make_credit_code(f"91110000{n:08d}"),
    )


def needs_and_offers(program, *, actor=SYSTEM):
    """Three needs in 毕节 counties and three offers of Beijing/Chengdu organizations."""
    needs = [
        need_create(
            actor=actor,
            program=program,
            domain=Domain.objects.get(code=domain),
            text=text,
            region=Region.objects.get(name=county, parent__code="520500"),
        )
        for county, domain, text in NEEDS
    ]
    offers = [
        offer_create(
            actor=actor,
            program=program,
            organization=enterprise(f"测试资源企业{k}", region, 7000 + k),
            domain=Domain.objects.get(code=domain),
            text=text,
        )
        for k, (domain, text, region) in enumerate(OFFERS)
    ]
    return needs, offers
