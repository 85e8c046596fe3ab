import pytest
from django.test import Client

from tongxin.core import audit
from tongxin.core.errors import Invalid
from tongxin.programs.models import Assignment
from tongxin.programs.selectors import program_matrix
from tongxin.programs.services import assignment_create
from tongxin.regions.models import Region

pytestmark = pytest.mark.django_db


def cell(matrix, region_code, domain_code):
    for region, cells in matrix.rows():
        if region.code == region_code:
            for domain, items in cells:
                if (domain.code if domain else None) == domain_code:
                    return {a.organization.short_name for a in items}
    return set()


def test_bijie_matrix_as_the_report_states(users, program):
    matrix = program_matrix(user=users["coordinator"], program=program("组团式帮扶毕节"))
    assert cell(matrix, "520523", "education") == {"民进中央"}
    assert cell(matrix, "520521", "health") == {"农工党中央"}
    assert cell(matrix, "520524", "industry") == {"全国工商联"}
    assert cell(matrix, "520502", "talent") == {"致公党中央"}
    assert "台盟中央" in cell(matrix, "520527", "rural")
    assert {r.name for r in matrix.regions} >= {"毕节市", "金沙县", "大方县", "织金县", "七星关区", "赫章县"}


def test_demo_programs(program):
    jianan = program("建安合作")
    assert {o.short_name for o in jianan.lead_organizations.all()} == {"民建中央"}
    assert "思源工程基金会" in {o.short_name for o in jianan.partner_organizations.all()}
    assert set(jianan.assignments.values_list("domain__code", flat=True)) >= {
        "welfare",
        "industry",
        "think_tank",
    }
    linyi = program("临沂五大行动")
    assert sorted(c.short_name for c in linyi.children.all()) == sorted(
        ["建言献策", "创新创造", "壮大民企", "双招双引", "共同富裕"]
    )


def test_duplicate_assignment_is_refused(users, program, org):
    bijie = program("组团式帮扶毕节")
    existing = Assignment.objects.get(program=bijie, region_id="520523")
    with pytest.raises(Invalid, match="已有相同的责任分工"):
        assignment_create(
            actor=users["coordinator"],
            program=bijie,
            organization=existing.organization,
            region=existing.region,
            domain=existing.domain,
        )


def test_program_page_shows_matrix_and_history(users):
    client = Client()
    client.force_login(users["coordinator"])
    bijie_id = Assignment.objects.filter(region_id="520523").first().program_id
    page = client.get(f"/programs/{bijie_id}/").content.decode()
    assert 'title="中国民主促进会中央委员会">民进中央</a>' in page
    assert 'data-region="520523"' in page and "添加责任分工" in page
    history = client.get(f"/history/programs.Program/{bijie_id}/").content.decode()
    assert "创建" in history


def test_add_assignment_on_page_with_ambiguous_region(users, program, org):
    client = Client()
    client.force_login(users["coordinator"])
    bijie = program("组团式帮扶毕节")
    response = client.post(
        f"/programs/{bijie.pk}/assignments/",
        {"organization": org("民建中央").pk, "region": "大洋镇", "domain": ""},
    )
    assert response.status_code == 422
    assert "4个同名区划" in response.content.decode()
    response = client.post(
        f"/programs/{bijie.pk}/assignments/",
        {"organization": org("民建中央").pk, "region": "纳雍", "domain": ""},
    )
    assert response.status_code == 422  # 纳雍县, and 纳雍乡 in 织金县: both inside 毕节
    assert "520525" in response.content.decode() and "520524215" in response.content.decode()
    response = client.post(
        f"/programs/{bijie.pk}/assignments/",
        {"organization": org("民建中央").pk, "region": "纳雍县", "domain": ""},
    )
    assert response.status_code == 302
    created = Assignment.objects.get(program=bijie, region_id="520525")
    assert audit.history(created).get().actor == users["coordinator"]
    assert audit.history(created).get().source == "web"


def test_api_assignments(api_client, program, org):
    client = api_client.as_user("coordinator")
    bijie = program("组团式帮扶毕节")
    listed = client.get(f"/api/assignments?program={bijie.pk}&q=金沙").json()
    assert listed["count"] == 1 and listed["items"][0]["organization_name"] == "中国民主促进会中央委员会"
    payload = {
        "program": bijie.pk,
        "organization": org("民盟中央").pk,
        "region": "纳雍县",
        "domain": "education",
    }
    created = client.send("post", "/api/assignments", payload)
    assert created.status_code == 201, created.content
    assert created.json()["region"] == "520525"
    assert client.send("post", "/api/assignments", payload).status_code == 422
    bad = client.send("post", "/api/assignments", {**payload, "region": "乌有县", "domain": "astrology"})
    assert bad.status_code == 422 and set(bad.json()["fields"]) == {"region", "domain"}
    missing = client.send("post", "/api/assignments", {"program": bijie.pk})
    assert missing.status_code == 422 and "organization" in missing.json()["fields"]
    aid = created.json()["id"]
    assert client.send("patch", f"/api/assignments/{aid}", {"note": "送教"}).json()["note"] == "送教"
    assert client.delete(f"/api/assignments/{aid}").status_code == 204
    assert client.get(f"/api/assignments/{aid}").status_code == 404


def test_api_program_summary_fields_and_filters(api_client, program):
    client = api_client.as_user("admin")
    listed = client.get("/api/programs?region=520523").json()
    assert [p["short_name"] for p in listed["items"]] == ["组团式帮扶毕节"]
    created = client.send(
        "post",
        "/api/programs",
        {
            "name": "测试行动",
            "kind": "campaign",
            "target_regions": ["织金"],
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
        },
    )
    assert created.status_code == 422 and "end_date" in created.json()["fields"]
    assert not Region.objects.filter(programs__name="测试行动").exists()
