import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongxin.core.errors import Invalid
from tongxin.core.permissions import SYSTEM
from tongxin.orgs.credit_code import ALPHABET, credit_code_error, make_credit_code
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import organization_resolve, organization_subtree
from tongxin.orgs.services import contact_create, organization_create, organization_update

TENCENT = "91440300708461136T"


def test_real_code_passes():
    assert credit_code_error(TENCENT) is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91440300708461136X", "校验位错误"),
        ("9144030070846113", "18位"),
        ("91440300708461136I", "不允许的字符"),
        ("914403007084611X6T", "组织机构代码校验位"),
    ],
)
def test_bad_codes_are_named(code, reason):
    assert reason in credit_code_error(code)


bodies = st.text(alphabet=ALPHABET, min_size=8, max_size=8).map(lambda s: "91" + "440300" + s)


@given(bodies, st.integers(0, 17), st.sampled_from(ALPHABET))
@settings(max_examples=200)
def test_any_single_change_is_caught(body, position, char):
    code = make_credit_code(body)
    assert credit_code_error(code) is None
    changed = code[:position] + char + code[position + 1 :]
    if changed != code:
        assert credit_code_error(changed) is not None


@pytest.mark.django_db
def test_enterprise_with_wrong_check_digit_is_refused():
    with pytest.raises(Invalid) as exc:
        organization_create(
            actor=SYSTEM, name="某科技有限公司", kind="enterprise", credit_code="91440300708461136X"
        )
    assert "credit_code" in exc.value.fields
    assert not Organization.objects.filter(name="某科技有限公司").exists()


@pytest.mark.django_db
def test_duplicate_credit_code_names_the_existing_organization():
    organization_create(
        actor=SYSTEM, name="深圳市腾讯计算机系统有限公司", kind="enterprise", credit_code=TENCENT
    )
    with pytest.raises(Invalid, match="深圳市腾讯计算机系统有限公司"):
        organization_create(actor=SYSTEM, name="另一家公司", kind="enterprise", credit_code=TENCENT.lower())


@pytest.mark.django_db
def test_reparenting_moves_the_whole_subtree(org):
    minjian, minmeng = org("民建中央"), org("民盟中央")
    anhui = minjian.children.get()
    organization_update(actor=SYSTEM, organization=anhui, data={"parent": minmeng})
    names = set(organization_subtree(minmeng).values_list("name", flat=True))
    assert {"民建安徽省委会", "民建安庆市委会"} <= names
    assert not organization_subtree(minjian).exclude(pk=minjian.pk).exists()


@pytest.mark.django_db
def test_cycle_is_refused(org):
    minjian = org("民建中央")
    grandchild = minjian.children.get().children.get()
    with pytest.raises(Invalid, match="本组织或其下级"):
        organization_update(actor=SYSTEM, organization=minjian, data={"parent": grandchild})


@pytest.mark.django_db
def test_resolve_by_credit_code_or_exact_name(org):
    organization_create(
        actor=SYSTEM, name="深圳市腾讯计算机系统有限公司", kind="enterprise", credit_code=TENCENT
    )
    assert organization_resolve(TENCENT)[0].name == "深圳市腾讯计算机系统有限公司"
    assert organization_resolve("民建中央") == [org("民建中央")]
    assert organization_resolve("民建") == []


@pytest.mark.django_db
def test_contacts_visible_to_members_not_to_outsiders(users, org, api_client):
    from tongxin.core import permissions

    contact = contact_create(
        actor=users["minjian"], organization=org("民建中央"), name="张三", role="联络员", phone="010-1"
    )
    assert permissions.can(users["minjian"], "view", contact)
    assert not permissions.can(users["minmeng"], "view", contact)
    assert not permissions.can(None, "view", contact)


@pytest.mark.django_db
def test_api_organizations_crud_and_errors(api_client, org):
    client = api_client.as_user("minjian")
    parent = org("民建中央")
    created = client.send(
        "post",
        "/api/organizations",
        {"name": "民建贵州省委会", "kind": "democratic_party", "parent": parent.pk, "home_region": "贵州"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["home_region"] == "520000" and body["parent"] == parent.pk
    patched = client.send(
        "patch", f"/api/organizations/{body['id']}", {"description": "新", "version": body["version"]}
    )
    assert patched.status_code == 200 and patched.json()["version"] == body["version"] + 1
    stale = client.send(
        "patch", f"/api/organizations/{body['id']}", {"description": "旧", "version": body["version"]}
    )
    assert stale.status_code == 409
    bad = client.send("post", "/api/organizations", {"name": "", "kind": "spaceship"})
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) >= {"name", "kind"}
    unknown = client.send(
        "post", "/api/organizations", {"name": "某会", "kind": "other", "home_region": "大洋镇"}
    )
    assert unknown.status_code == 422
    assert "4个同名区划" in unknown.json()["fields"]["home_region"][0]
    listed = client.get("/api/organizations?q=民建").json()
    assert listed["count"] >= 4 and {"count", "items"} == set(listed)
    assert client.delete(f"/api/organizations/{body['id']}").status_code == 403


@pytest.mark.django_db
def test_member_adds_sub_unit_on_page_but_not_under_another_party(users, org):
    from django.test import Client

    client = Client()
    client.force_login(users["minjian"])
    response = client.post(
        "/organizations/new/",
        {
            "name": "民建贵州省委会",
            "kind": "democratic_party",
            "parent": org("民建中央").pk,
            "home_region_code": "贵州",
        },
    )
    assert response.status_code == 302
    created = Organization.objects.get(name="民建贵州省委会")
    assert created.home_region_id == "520000" and created.path.startswith(org("民建中央").path)
    refused = client.post(
        "/organizations/new/",
        {"name": "民盟某支部", "kind": "democratic_party", "parent": org("民盟中央").pk},
    )
    assert refused.status_code == 403
    assert not Organization.objects.filter(name="民盟某支部").exists()


@pytest.mark.django_db
def test_agreement_upload_is_served_only_to_those_who_see_the_program(users, program):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    client = Client()
    client.force_login(users["coordinator"])
    bijie = program("组团式帮扶毕节")
    pdf = SimpleUploadedFile("工作方案.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = client.post(
        f"/programs/{bijie.pk}/agreements/", {"title": "工作方案", "signed_on": "2023-07-01", "document": pdf}
    )
    assert response.status_code == 302
    agreement = bijie.agreements.get(title="工作方案")
    assert client.get(f"/programs/agreements/{agreement.pk}/document/").status_code == 200
    outsider = Client()
    assert outsider.get(f"/programs/agreements/{agreement.pk}/document/").status_code == 404
    bad = SimpleUploadedFile("evil.exe", b"MZ", content_type="application/octet-stream")
    client.post(f"/programs/{bijie.pk}/agreements/", {"title": "恶意", "document": bad})
    assert not bijie.agreements.filter(title="恶意").exists()
