"""Demo needs (所需) and offers (所长) for 毕节 and 建安 with realistic texts, and one saved run per
program so the review page has explained suggestions to accept or reject."""

from __future__ import annotations

from decimal import Decimal

from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.orgs.models import Kind as OrgKind
from tongxin.orgs.models import Organization
from tongxin.orgs.services import organization_get_or_create
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from .models import MatchingRun, Need, NeedKind
from .services import need_create, offer_create, run_start, settings_update

# (kind, domain, region code, title, text, amount 元, partners wanted)
BIJIE_NEEDS = [
    (
        NeedKind.NEED,
        "rural",
        "520527",
        "赫章县核桃深加工",
        "赫章县核桃种植面积大,缺少烘干和深加工设备,鲜果销售价格低,希望引进农产品深加工企业,带动农户增收",
        "3000000",
        1,
    ),
    (
        NeedKind.NEED,
        "education",
        "520523",
        "金沙县乡村教师培训",
        "金沙县山区学校音乐美术教师短缺,希望开展支教和乡村教师培训,提升基础教育质量",
        None,
        2,
    ),
    (
        NeedKind.NEED,
        "health",
        "520521",
        "大方县远程医疗",
        "大方县人民医院缺少远程会诊设备和专科医生,希望三甲医院开展远程医疗、义诊和医生进修培训",
        "1500000",
        1,
    ),
    (
        NeedKind.WISH,
        "welfare",
        "520502",
        "留守儿童图书角",
        "七星关区留守儿童多,学校图书室藏书少,微心愿:建一个图书角并开展课外阅读活动",
        "50000",
        1,
    ),
    (
        NeedKind.NEED,
        "industry",
        "520524",
        "织金县竹荪销售",
        "织金县竹荪产量大但品牌弱,希望对接电商平台和冷链物流,开展直播带货打开销售渠道",
        None,
        2,
    ),
    (
        NeedKind.ISSUE,
        "talent",
        "520502",
        "职业院校实训基地",
        "本地高职院校缺少实训设备和企业导师,毕业生技能与东部企业用工需求不匹配",
        None,
        1,
    ),
    (
        NeedKind.NEED,
        "science",
        "520525",
        "纳雍县高山茶品种改良",
        "纳雍县高山茶需要品种改良和病虫害绿色防控技术,希望科技专家下乡指导",
        None,
        1,
    ),
    (
        NeedKind.NEED,
        "infrastructure",
        "520526",
        "威宁县村级冷库",
        "威宁县马铃薯和蔬菜集中上市时缺少冷库,损耗大,希望援建村级冷链仓储设施",
        "2000000",
        1,
    ),
]
# (organization short name or name, domain, title, text, capacity)
BIJIE_OFFERS = [
    (
        "民建中央",
        "industry",
        "会员企业产业投资",
        "组织民建会员企业赴毕节投资兴业,发展农产品深加工和特色食品产业,订单收购带动农户",
        2,
    ),
    (
        "民盟中央",
        "education",
        "名校结对与支教",
        "协调知名学校与毕节中小学结对,组织教师开展支教和乡村教师培训",
        3,
    ),
    (
        "农工党中央",
        "health",
        "专家义诊与远程医疗",
        "组织三甲医院专家开展义诊、远程医疗会诊和基层医生进修培训",
        2,
    ),
    (
        "九三学社中央",
        "science",
        "科技特派员",
        "组织农业科技专家下乡指导茶叶品种改良、病虫害绿色防控和种植技术",
        2,
    ),
    (
        "致公党中央",
        "talent",
        "东部企业人才共育",
        "联合东部实体企业与本地高职院校共建实训基地,派驻企业导师,订单式培养技能人才",
        1,
    ),
    (
        "全国工商联",
        "industry",
        "电商直播与冷链物流",
        "动员电商平台和物流企业开展直播带货、消费帮扶,援建冷链仓储,打开农特产品销售渠道",
        3,
    ),
    (
        "光彩基金会",
        "welfare",
        "光彩助学与图书捐赠",
        "捐赠图书和学习用品,为留守儿童建设图书角,开展课外阅读和心理关爱活动",
        3,
    ),
]
JIANAN_NEEDS = [
    (
        NeedKind.ISSUE,
        "industry",
        "340822",
        "怀宁县企业融资难",
        "怀宁县中小民营企业反映融资难、融资贵,希望开展银企对接和金融政策培训",
        None,
        1,
    ),
    (
        NeedKind.NEED,
        "think_tank",
        "340800",
        "安庆产业规划咨询",
        "安庆市需要新能源汽车零部件产业链规划咨询,希望智库专家开展专题调研",
        None,
        1,
    ),
    (
        NeedKind.WISH,
        "welfare",
        "340828",
        "岳西县山区学校助学",
        "岳西县山区学校部分学生家庭困难,微心愿:资助学生完成学业并改善宿舍条件",
        "200000",
        1,
    ),
    (
        NeedKind.NEED,
        "rural",
        "340825",
        "太湖县茶旅融合",
        "太湖县有茶园和古村落资源,希望发展乡村旅游和民宿,开展茶旅融合招商",
        None,
        1,
    ),
    (
        NeedKind.NEED,
        "employment",
        "340826",
        "宿松县返乡创业培训",
        "宿松县返乡人员多,希望开展电商和创业技能培训,带动就业",
        None,
        2,
    ),
]
JIANAN_OFFERS = [
    (
        "民建中央",
        "think_tank",
        "专家调研咨询",
        "组织民建经济界专家开展产业链规划、招商政策和营商环境专题调研咨询",
        2,
    ),
    (
        "思源工程基金会",
        "welfare",
        "思源助学",
        "依托中华思源工程基金会开展困难学生资助、改善山区学校宿舍和食堂条件",
        2,
    ),
    (
        "民建安徽省委会",
        "industry",
        "银企对接与金融培训",
        "组织会员中的金融机构开展银企对接、融资政策解读和金融知识培训",
        2,
    ),
    (
        "民建安庆市委会",
        "employment",
        "创业就业培训",
        "组织会员企业家开展电商运营、返乡创业和技能培训,提供就业岗位",
        2,
    ),
    (
        "合肥皖江文旅发展有限公司",
        "rural",
        "乡村旅游投资",
        "投资开发乡村旅游和精品民宿,挖掘茶园古村落资源,推动茶旅融合",
        1,
    ),
]


def _org(name: str) -> Organization:
    found = (
        Organization.objects.filter(short_name=name).first() or Organization.objects.filter(name=name).first()
    )
    if found:
        return found
    org, _ = organization_get_or_create(
        actor=SYSTEM, name=name, kind=OrgKind.ENTERPRISE, home_region=Region.objects.get(code="340100")
    )
    return org


def _load(program: Program, needs, offers) -> bool:
    if Need.objects.filter(program=program).exists():
        return False
    domains = {d.code: d for d in Domain.objects.all()}
    for n, (kind, domain, region, title, text, amount, partners) in enumerate(needs, start=1):
        need_create(
            actor=SYSTEM,
            program=program,
            ref=f"N{n:03d}",
            kind=kind,
            domain=domains[domain],
            title=title,
            text=text,
            region=Region.objects.get(code=region),
            amount=Decimal(amount) if amount else None,
            partners_wanted=partners,
        )
    for n, (org, domain, title, text, capacity) in enumerate(offers, start=1):
        offer_create(
            actor=SYSTEM,
            program=program,
            ref=f"O{n:03d}",
            organization=_org(org),
            domain=domains[domain],
            title=title,
            text=text,
            capacity=capacity,
        )
    return True


def load(stdout) -> None:
    for short, needs, offers in (
        ("组团式帮扶毕节", BIJIE_NEEDS, BIJIE_OFFERS),
        ("建安合作", JIANAN_NEEDS, JIANAN_OFFERS),
    ):
        program = Program.objects.get(short_name=short)
        if _load(program, needs, offers) and not MatchingRun.objects.filter(program=program).exists():
            settings_update(actor=SYSTEM, program=program, data={"min_score": 0.1})
            run = run_start(actor=SYSTEM, program=program, background=False)
            stdout.write(
                f"matching: {short} {len(needs)} needs, {len(offers)} offers, run #{run.pk} {run.status}"
            )
