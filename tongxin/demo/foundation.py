"""The demo programs of the published reports, with real organizations and real region codes.

Everything goes through the owning apps' services as the system actor, so the demo is audited
like any other write; every step looks up before it creates, so loading twice changes nothing.
"""

import datetime as dt

from django.conf import settings

from tongxin.accounts.models import Grant
from tongxin.accounts.services import grant_create, user_ensure
from tongxin.core.permissions import SYSTEM, Role
from tongxin.domains.models import Domain
from tongxin.domains.models import seed as seed_domains
from tongxin.orgs.models import Kind as OrgKind
from tongxin.orgs.models import Organization
from tongxin.orgs.services import organization_get_or_create
from tongxin.programs.models import Agreement, Assignment, Program
from tongxin.programs.models import Kind as ProgramKind
from tongxin.programs.services import agreement_create, assignment_create, program_create
from tongxin.regions.models import Region

BIJIE = "统一战线“地域+领域”组团式帮扶毕节"
JIANAN = "建安合作"
LINYI = "临沂市统一战线服务现代化强市建设“五大行动”"

# (name, short name, kind, home region, parent)
ORGANIZATIONS = [
    ("中共中央统一战线工作部", "中央统战部", OrgKind.PARTY_COMMITTEE, "110000", None),
    ("中国国民党革命委员会中央委员会", "民革中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("中国民主同盟中央委员会", "民盟中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("中国民主建国会中央委员会", "民建中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("中国民主促进会中央委员会", "民进中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("中国农工民主党中央委员会", "农工党中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("中国致公党中央委员会", "致公党中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("九三学社中央委员会", "九三学社中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("台湾民主自治同盟中央委员会", "台盟中央", OrgKind.DEMOCRATIC_PARTY, "110000", None),
    ("中华全国工商业联合会", "全国工商联", OrgKind.FEDERATION, "110000", None),
    ("中国光彩事业促进会", "光彩会", OrgKind.OTHER, "110000", None),
    ("中国光彩事业基金会", "光彩基金会", OrgKind.FOUNDATION, "110000", None),
    ("中华思源工程基金会", "思源工程基金会", OrgKind.FOUNDATION, "110000", None),
    ("民建安徽省委会", "", OrgKind.DEMOCRATIC_PARTY, "340000", "中国民主建国会中央委员会"),
    ("民建安庆市委会", "", OrgKind.DEMOCRATIC_PARTY, "340800", "民建安徽省委会"),
    ("民革贵州省委会", "", OrgKind.DEMOCRATIC_PARTY, "520000", "中国国民党革命委员会中央委员会"),
    ("中共安庆市委统一战线工作部", "安庆市委统战部", OrgKind.PARTY_COMMITTEE, "340800", None),
    ("中共毕节市委统一战线工作部", "毕节市委统战部", OrgKind.PARTY_COMMITTEE, "520500", None),
    ("中共临沂市委统一战线工作部", "临沂市委统战部", OrgKind.PARTY_COMMITTEE, "371300", None),
    ("临沂市工商业联合会", "临沂市工商联", OrgKind.FEDERATION, "371300", None),
    ("四川大学华西医院", "华西医院", OrgKind.HOSPITAL, "510107", None),
    ("大方县人民医院", "", OrgKind.HOSPITAL, "520521", None),
    ("毕节工业职业技术学院", "", OrgKind.SCHOOL, "520500", None),
]

# The 毕节 report's 地域 + 领域 matrix: (organization short name, region code, domain code, note)
BIJIE_MATRIX = [
    ("中央统战部", "520527", "rural", "协调各民主党派中央和全国工商联在赫章县打造“同心家园”示范点"),
    ("民革中央", "520500", "talent", "在毕节工业职业技术学院等地打造组团式帮扶工作实训基地"),
    ("民盟中央", "520500", "education", "协调知名学校与毕节138所中小学、7所职业院校结对帮扶"),
    ("民建中央", "520500", "industry", "探索产业领域组团式帮扶新模式,引导会员企业在毕节投资兴业"),
    ("民进中央", "520523", "education", "以助推毕节基础教育为重点,教育帮扶项目在金沙县落地实施"),
    ("农工党中央", "520521", "health", "加强大方县医疗体系建设,推动华西医院与大方县人民医院共建协作医院"),
    ("致公党中央", "520502", "talent", "巩固拓展七星关区“数字小院+本地高职院校+东部实体企业”人才共育模式"),
    ("九三学社中央", "520500", "science", "坚持科技特色,推动县域富民产业发展"),
    (
        "台盟中央",
        "520527",
        "rural",
        "持续加大对赫章县的帮扶,服务产业、人才振兴,改善山区学校办学条件,开展义诊",
    ),
    ("全国工商联", "520524", "industry", "将织金县明确为全国“万企兴万村”典型县进行帮扶打造"),
]

LINYI_CAMPAIGNS = [
    ("建言献策", "think_tank", "集众智、建诤言、汇良策;建立调研成果办结督办机制"),
    ("创新创造", "science", "新阶层服务站、创新实践基地、科技专家服务站"),
    ("壮大民企", "industry", "纾困解难、政企沟通、企业家培训"),
    ("双招双引", "industry", "招商引资、招才引智"),
    ("共同富裕", "rural", "民主党派助力乡村振兴县区行、“万企兴万村”"),
]

# (username, display name, superuser, role, scope)
USERS = [
    ("admin", "系统管理员", True, None, None),
    ("coordinator", "毕节帮扶工作专班", False, Role.COORDINATOR, ("program", BIJIE)),
    ("minjian", "民建中央联络员", False, Role.MEMBER, ("organization", "民建中央")),
    ("minmeng", "民盟中央联络员", False, Role.MEMBER, ("organization", "民盟中央")),
    ("bijie", "毕节市工作人员", False, Role.REGION_STAFF, ("region", "520500")),
    ("viewer", "只读用户", False, Role.VIEWER, None),
]


def _org(short_or_name: str) -> Organization:
    return (
        Organization.objects.get(short_name=short_or_name)
        if Organization.objects.filter(short_name=short_or_name).exists()
        else Organization.objects.get(name=short_or_name)
    )


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


def _program(name: str, **data) -> Program:
    found = Program.objects.filter(name=name).first()
    return found or program_create(actor=SYSTEM, name=name, **data)


def _assign(program: Program, org: str, region: str, domain: str | None, note: str = "") -> None:
    organization, place = _org(org), _region(region)
    dom = Domain.objects.get(code=domain) if domain else None
    if not Assignment.objects.filter(
        program=program, organization=organization, region=place, domain=dom
    ).exists():
        assignment_create(
            actor=SYSTEM, program=program, organization=organization, region=place, domain=dom, note=note
        )


def load_organizations() -> None:
    for name, short, kind, region, parent in ORGANIZATIONS:
        organization_get_or_create(
            actor=SYSTEM,
            name=name,
            short_name=short,
            kind=kind,
            home_region=_region(region),
            parent=Organization.objects.get(name=parent) if parent else None,
        )


def load_programs() -> dict[str, Program]:
    jianan = _program(
        JIANAN,
        short_name="建安合作",
        kind=ProgramKind.REGIONAL_COOPERATION,
        start_date=dt.date(2025, 4, 18),
        published=True,
        description="民建中央与安庆市开展战略合作,坚持“民建所长”与“安庆所需”相结合。",
        lead_organizations=[_org("民建中央")],
        partner_organizations=[_org("思源工程基金会"), _org("民建安徽省委会"), _org("民建安庆市委会")],
        target_regions=[_region("340800")],
    )
    for domain in ("welfare", "industry", "think_tank"):
        _assign(jianan, "民建中央", "340800", domain)
    _assign(
        jianan, "思源工程基金会", "340800", "welfare", "依托中华思源工程基金会等平台引导公益资源向安庆倾斜"
    )
    if not Agreement.objects.filter(program=jianan).exists():
        agreement_create(
            actor=SYSTEM,
            program=jianan,
            title="《“建安合作”框架协议》",
            signed_on=dt.date(2025, 4, 18),
            parties=[_org("民建中央")],
        )

    bijie = _program(
        BIJIE,
        short_name="组团式帮扶毕节",
        kind=ProgramKind.GROUP_ASSISTANCE,
        start_date=dt.date(2023, 7, 1),
        description="中央统战部办公厅印发《关于统一战线“地域+领域”组团式帮扶毕节的工作方案》。",
        lead_organizations=[_org("中央统战部")],
        partner_organizations=[_org(row[0]) for row in BIJIE_MATRIX[1:]] + [_org("光彩会")],
        target_regions=[_region("520500")],
    )
    for org, region, domain, note in BIJIE_MATRIX:
        _assign(bijie, org, region, domain, note)

    linyi = _program(
        LINYI,
        short_name="临沂五大行动",
        kind=ProgramKind.CAMPAIGN,
        published=True,
        description="建言献策、创新创造、壮大民企、双招双引、共同富裕“五大行动”,市委统战部成立工作专班。",
        lead_organizations=[_org("临沂市委统战部")],
        partner_organizations=[_org("临沂市工商联")],
        target_regions=[_region("371300")],
    )
    for title, domain, note in LINYI_CAMPAIGNS:
        child = _program(
            f"深化“{title}”行动",
            short_name=title,
            kind=ProgramKind.CAMPAIGN,
            parent=linyi,
            published=True,
            description=note,
            lead_organizations=[_org("临沂市委统战部")],
            target_regions=[_region("371300")],
        )
        _assign(child, "临沂市委统战部", "371300", domain, note)
    return {"jianan": jianan, "bijie": bijie, "linyi": linyi}


def load_users() -> list[str]:
    password = settings.TONGXIN_DEMO_PASSWORD
    for username, display, superuser, role, scope in USERS:
        user = user_ensure(username=username, password=password, display_name=display, is_superuser=superuser)
        if role is None or Grant.objects.filter(user=user, role=role).exists():
            continue
        kwargs = {}
        if scope:
            kind, key = scope
            kwargs[kind] = {
                "program": lambda k: Program.objects.get(name=k),
                "organization": _org,
                "region": _region,
            }[kind](key)
        grant_create(actor=SYSTEM, user=user, role=role, **kwargs)
    return [u[0] for u in USERS]


def load() -> list[str]:
    seed_domains()
    load_organizations()
    load_programs()
    return load_users()
