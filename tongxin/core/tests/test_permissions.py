"""Per-role permission checks, on the service, the API and the page alike."""

import pytest
from django.test import Client

from tongxin.accounts.services import grant_create, user_ensure
from tongxin.core import permissions
from tongxin.core.errors import Forbidden, NotFound
from tongxin.core.permissions import SYSTEM, Role
from tongxin.orgs.services import organization_update
from tongxin.programs.models import Assignment
from tongxin.programs.selectors import assignment_list, program_list
from tongxin.programs.services import assignment_create, program_update
from tongxin.regions.models import Region

pytestmark = pytest.mark.django_db


def staff_of(code: str):
    user = user_ensure(username=f"staff{code}", password="x-pass-2026")
    grant_create(actor=SYSTEM, user=user, role=Role.REGION_STAFF, region=Region.objects.get(code=code))
    return user


def test_member_of_minmeng_cannot_edit_minjian_record_via_service(users, org):
    minjian = org("民建中央")
    with pytest.raises(Forbidden):
        organization_update(actor=users["minmeng"], organization=minjian, data={"description": "改写"})
    minjian.refresh_from_db()
    assert minjian.description == ""


def test_member_of_minmeng_refused_on_api(api_client, org):
    minjian = org("民建中央")
    response = api_client.as_user("minmeng").send(
        "patch", f"/api/organizations/{minjian.pk}", {"description": "x"}
    )
    assert response.status_code == 403
    assert "无权" in response.json()["message"]


def test_member_of_minmeng_refused_on_page(users, org, demo_password):
    client = Client()
    assert client.login(username="minmeng", password=demo_password)
    minjian = org("民建中央")
    assert client.get(f"/organizations/{minjian.pk}/edit/").status_code == 403
    response = client.post(
        f"/organizations/{minjian.pk}/edit/", {"name": "篡改", "kind": "other", "version": 1}
    )
    assert response.status_code == 403
    minjian.refresh_from_db()
    assert minjian.name == "中国民主建国会中央委员会"


def test_member_covers_sub_organizations(users, org):
    anqing = org("民建中央").children.get().children.get()
    assert anqing.name == "民建安庆市委会"
    organization_update(actor=users["minjian"], organization=anqing, data={"description": "服务安庆"})
    anqing.refresh_from_db()
    assert anqing.description == "服务安庆"


def test_member_cannot_move_sub_unit_out_of_scope(users, org):
    """The permission check runs on the written state too, and refusing rolls the write back."""
    anqing = org("民建中央").children.get().children.get()
    with pytest.raises(Forbidden):
        organization_update(actor=users["minjian"], organization=anqing, data={"parent": org("民盟中央")})
    anqing.refresh_from_db()
    assert anqing.parent.name == "民建安徽省委会"
    assert anqing.path.startswith(org("民建中央").path)


def test_county_staff_cannot_see_other_county_unpublished_records(program):
    bijie = program("组团式帮扶毕节")
    assert not bijie.published
    hezhang, anqing = staff_of("520527"), staff_of("340800")
    visible = {
        (a.organization.short_name, a.region_id) for a in assignment_list(user=hezhang, program=bijie.pk)
    }
    assert ("台盟中央", "520527") in visible
    assert ("民进中央", "520523") not in visible
    jinsha = Assignment.objects.get(program=bijie, region_id="520523")
    with pytest.raises(NotFound):
        permissions.require(hezhang, permissions.VIEW, jinsha)
    assert bijie not in program_list(user=anqing)
    assert bijie in program_list(user=hezhang)


def test_county_staff_refused_on_api_and_page(program, demo_password):
    bijie = program("组团式帮扶毕节")
    staff = staff_of("340800")
    client = Client()
    client.force_login(staff)
    assert client.get(f"/programs/{bijie.pk}/").status_code == 404
    assert client.get(f"/api/programs/{bijie.pk}").status_code == 404


def test_viewer_reads_everything_and_writes_nothing(users, org, program, api_client):
    viewer = users["viewer"]
    bijie = program("组团式帮扶毕节")
    assert bijie in program_list(user=viewer)
    with pytest.raises(Forbidden):
        program_update(actor=viewer, program=bijie, data={"description": "x"})
    with pytest.raises(Forbidden):
        organization_update(actor=viewer, organization=org("民建中央"), data={"description": "x"})
    with pytest.raises(Forbidden):
        assignment_create(
            actor=viewer,
            program=bijie,
            organization=org("民建中央"),
            region=Region.objects.get(code="520524"),
        )
    assert not Assignment.objects.filter(
        program=bijie, organization=org("民建中央"), region_id="520524"
    ).exists()
    client = api_client.as_user("viewer")
    assert client.send("patch", f"/api/programs/{bijie.pk}", {"description": "x"}).status_code == 403
    response = client.send(
        "post",
        "/api/assignments",
        {"program": bijie.pk, "organization": org("民建中央").pk, "region": "520524"},
    )
    assert response.status_code == 403


def test_anonymous_sees_published_programs_only(api_client, program):
    names = {p["short_name"] for p in api_client.get("/api/programs?limit=100").json()["items"]}
    assert "建安合作" in names and "临沂五大行动" in names
    assert "组团式帮扶毕节" not in names
    assert api_client.get(f"/api/programs/{program('组团式帮扶毕节').pk}").status_code == 404
    assert api_client.post("/api/programs", {}, content_type="application/json").status_code in (401, 403)


def test_coordinator_edits_own_program_only(users, program, org):
    coordinator = users["coordinator"]
    bijie, jianan = program("组团式帮扶毕节"), program("建安合作")
    created = assignment_create(
        actor=coordinator,
        program=bijie,
        organization=org("民建中央"),
        region=Region.objects.get(code="520524"),
    )
    assert created.pk
    with pytest.raises(Forbidden):
        assignment_create(
            actor=coordinator,
            program=jianan,
            organization=org("民建中央"),
            region=Region.objects.get(code="340800"),
        )


def test_scoped_counts_agree_with_can(users, program):
    """The list a user sees and the single-record answer come from the same rule."""
    for user in users.values():
        visible = set(permissions.scoped(user, "view", Assignment.objects.all()).values_list("pk", flat=True))
        for assignment in Assignment.objects.all():
            assert (assignment.pk in visible) == permissions.can(user, "view", assignment)


def test_add_forms_follow_the_policy_up_to_the_parent_program(users, program):
    """A 临沂五大行动 coordinator reaches its campaigns' sites (program__parent_id) and may add there;
    a policy without a parent path (projects) and another program's coordinator may not."""
    from tongxin.projects.models import Project
    from tongxin.sites.models import Site

    linyi, campaign = program("临沂五大行动"), program("创新创造")
    user = user_ensure(username="linyi_office", password="x-pass-2026")
    grant_create(actor=SYSTEM, user=user, role=Role.COORDINATOR, program=linyi)
    assert permissions.may_add(user, Site, program_id=campaign.pk)
    assert not permissions.may_add(user, Project, program_id=campaign.pk)
    assert not permissions.may_add(users["coordinator"], Site, program_id=campaign.pk)
    assert permissions.may_add(users["coordinator"], Project, program_id=program("组团式帮扶毕节").pk)
