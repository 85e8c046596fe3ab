"""The 临沂 departments that receive assigned proposals, and the demo users who act on them.

Shared by the demo loader and the tests, so both exercise the same scopes: a coordinator of
临沂五大行动 and a member of one department (市发展改革委).
"""

from django.conf import settings

from tongxin.core.permissions import SYSTEM, Role

DEPARTMENTS = [
    ("临沂市发展和改革委员会", "临沂市发展改革委"),
    ("临沂市工业和信息化局", "临沂市工信局"),
    ("临沂市农业农村局", "临沂市农业农村局"),
    ("临沂市商务局", "临沂市商务局"),
    ("临沂市科学技术局", "临沂市科技局"),
    ("临沂市人力资源和社会保障局", "临沂市人社局"),
    ("临沂市教育局", "临沂市教育局"),
    ("临沂市卫生健康委员会", "临沂市卫健委"),
]
SUBMITTERS = [
    ("民建临沂市委会", "民建临沂市委", "democratic_party"),
    ("民盟临沂市委会", "民盟临沂市委", "democratic_party"),
    ("九三学社临沂市委会", "九三学社临沂市委", "democratic_party"),
    ("临沂市新的社会阶层人士联合会", "临沂市新联会", "federation"),
]


def _ensure_org(name: str, short: str, kind: str):
    from tongxin.orgs.models import Organization
    from tongxin.orgs.services import organization_create
    from tongxin.regions.models import Region

    found = Organization.objects.filter(name=name).first()
    if found:
        return found
    return organization_create(
        actor=SYSTEM, name=name, short_name=short, kind=kind, home_region=Region.objects.get(code="371300")
    )


def departments() -> list:
    return [_ensure_org(name, short, "government") for name, short in DEPARTMENTS]


def submitters() -> list:
    return [_ensure_org(name, short, kind) for name, short, kind in SUBMITTERS]


def users() -> dict:
    """`linyi` (工作专班 of 临沂五大行动) and `linyi_fgw` (member of 市发展改革委)."""
    from tongxin.accounts.models import Grant
    from tongxin.accounts.services import grant_create, user_ensure
    from tongxin.programs.models import Program

    departments()
    program = Program.objects.get(short_name="临沂五大行动")
    fgw = _ensure_org(*DEPARTMENTS[0], "government")
    out = {}
    for username, display, role, scope in (
        ("linyi", "临沂五大行动工作专班", Role.COORDINATOR, {"program": program}),
        ("linyi_fgw", "临沂市发展改革委督办联络员", Role.MEMBER, {"organization": fgw}),
    ):
        user = user_ensure(username=username, password=settings.TONGXIN_DEMO_PASSWORD, display_name=display)
        if not user.email:
            user.email = f"{username}@example.org"
            user.save(update_fields=["email"])
        if not Grant.objects.filter(user=user, role=role).exists():
            grant_create(actor=SYSTEM, user=user, role=role, **scope)
        out[username] = user
    return out
