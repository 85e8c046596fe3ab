from decimal import Decimal

import pytest

from tongxin.core import audit
from tongxin.projects import demo
from tongxin.projects.models import Project

pytestmark = pytest.mark.django_db


def payload(program_id: int, **extra) -> dict:
    data = {
        "program": program_id,
        "code": "T-001",
        "title": "纳雍县数字支教",
        "kind": "service",
        "region": "纳雍县",
        "domain": "education",
        "committed": "300000.50",
        "participants": [],
    }
    data.update(extra)
    return data


def test_create_read_update_transition(api_client, program, org):
    client = api_client.as_user("coordinator")
    bijie = program("组团式帮扶毕节")
    minmeng = org("民盟中央").pk
    created = client.send(
        "post",
        "/api/projects",
        payload(bijie.pk, participants=[{"organization": minmeng, "role": "implementing"}]),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["region"] == "520525"  # 纳雍县 by name
    assert body["committed"] == "300000.50"
    assert body["participants"][0]["organization_name"] == "中国民主同盟中央委员会"
    pid, version = body["id"], body["version"]

    patched = client.send("patch", f"/api/projects/{pid}", {"disbursed": "100000", "version": version})
    assert patched.status_code == 200 and patched.json()["disbursed"] == "100000.00"
    stale = client.send("patch", f"/api/projects/{pid}", {"title": "x", "version": version})
    assert stale.status_code == 409
    assert stale.json()["fields"]["changes"]

    bad = client.send("post", f"/api/projects/{pid}/transition", {"status": "completed"})
    assert bad.status_code == 422
    ok = client.send("post", f"/api/projects/{pid}/transition", {"status": "under_way", "note": "启动"})
    assert ok.status_code == 200
    assert ok.json()["status_changes"][0]["to_status"] == "under_way"


def test_bad_payloads(api_client, program):
    client = api_client.as_user("coordinator")
    bijie = program("组团式帮扶毕节").pk
    negative = client.send("post", "/api/projects", payload(bijie, committed="-1"))
    assert negative.status_code == 422 and "committed" in negative.json()["fields"]
    unknown = client.send("post", "/api/projects", payload(bijie, region="不存在的地方"))
    assert unknown.status_code == 422 and "region" in unknown.json()["fields"]
    hidden = api_client.as_user("minmeng").send("post", "/api/projects", payload(bijie))
    assert hidden.status_code == 403


def test_list_filters_and_totals(api_client, program):
    demo.load()
    client = api_client.as_user("coordinator")
    bijie = program("组团式帮扶毕节").pk
    everything = client.get(f"/api/projects?program={bijie}&limit=5").json()
    assert everything["count"] == 1383 and len(everything["items"]) == 5
    assert everything["totals"]["committed"] == "467000000.00"
    narrow = client.get(f"/api/projects?program={bijie}&region=520524&domain=education&limit=500").json()
    rows = Project.objects.filter(
        program_id=bijie, region__code__startswith="520524", domain__code="education"
    )
    assert narrow["count"] == rows.count() > 0
    assert Decimal(narrow["totals"]["committed"]) == sum(r.committed for r in rows)
    assert {i["region"][:6] for i in narrow["items"]} == {"520524"}
    assert client.get("/api/projects?region=不存在的地方").status_code == 422


def test_pivot_cells_drill_down_to_their_rows(api_client, program):
    demo.load()
    client = api_client.as_user("coordinator")
    bijie = program("组团式帮扶毕节").pk
    pivot = client.get(f"/api/projects/pivot?program={bijie}&region=520500&rows=region&cols=domain").json()
    assert pivot["total"] == 1383
    assert {r["label"] for r in pivot["rows"]} >= {"织金县", "赫章县"}
    row = next(i for i, r in enumerate(pivot["rows"]) if r["label"] == "织金县")
    col = next(i for i, c in enumerate(pivot["columns"]) if c["label"] == "教育")
    count = client.get(
        f"/api/projects?program={bijie}&region={pivot['rows'][row]['key']}&domain={pivot['columns'][col]['key']}"
    ).json()["count"]
    assert count == pivot["cells"][row][col] > 0


def test_history_page_and_detail(client, users, program):
    demo.load()
    project = Project.objects.filter(program=program("组团式帮扶毕节")).first()
    client.force_login(users["coordinator"])
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    history = client.get(f"/history/projects.Project/{project.pk}/")
    assert history.status_code == 200
    assert audit.history(project).filter(action="created").exists()
    client.force_login(users["minmeng"])
    assert client.get(f"/projects/{project.pk}/").status_code == 404


def test_edit_page_refuses_stale_version(client, users, program):
    demo.load()
    project = Project.objects.filter(program=program("组团式帮扶毕节")).first()
    client.force_login(users["coordinator"])
    form = {
        "title": "新名称",
        "kind": project.kind,
        "region": project.region_id,
        "domain": project.domain_id,
        "committed": "1",
        "disbursed": "1",
        "in_kind": "0",
        "version": project.version,
    }
    assert client.post(f"/projects/{project.pk}/edit/", form).status_code == 302
    again = client.post(f"/projects/{project.pk}/edit/", {**form, "title": "另一个名称"})
    assert again.status_code == 409
    assert "新名称" in again.content.decode()
    assert Project.objects.get(pk=project.pk).title == "新名称"
    unversioned = {k: v for k, v in form.items() if k != "version"}
    assert client.post(f"/projects/{project.pk}/edit/", {**unversioned, "title": "无版本"}).status_code == 409
    assert Project.objects.get(pk=project.pk).title == "新名称"
