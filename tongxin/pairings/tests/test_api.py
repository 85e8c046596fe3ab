import io

import pytest
from django.test import Client
from openpyxl import Workbook

from tongxin.core import ledger
from tongxin.core.ledger import importer
from tongxin.core.permissions import SYSTEM
from tongxin.matching.tests.factories import enterprise
from tongxin.regions.models import Region
from tongxin.regions.services import village_create

from ..models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def village():
    township = Region.objects.filter(parent_id="520502", level="township").order_by("code").first()
    return village_create(actor=SYSTEM, township=township, name="接口测试村")


def test_api_create_transition_rollup_coverage(api_client, program, village):
    bijie = program("组团式帮扶毕节")
    firm = enterprise("接口结对企业", "520502", 8100)
    api = api_client.as_user("coordinator")
    body = {
        "program": bijie.pk,
        "kind": "enterprise_village",
        "helpers": [firm.pk],
        "target_region": village.code,
    }
    created = api.send("post", "/api/pairings", body)
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    assert created.json()["place"] == village.code and created.json()["helpers"][0]["name"] == "接口结对企业"
    bad = api.send("post", "/api/pairings", {**body, "target_region": "乌有之乡甲乙村"})
    assert bad.status_code == 422 and "target_region" in bad.json()["fields"]
    jump = api.send("post", f"/api/pairings/{pid}/transition", {"status": "active"})
    assert jump.status_code == 422
    for status in ("signed", "active"):
        assert api.send("post", f"/api/pairings/{pid}/transition", {"status": status}).status_code == 200
    rollup = api.get(f"/api/pairings/rollup?program={bijie.pk}&region=520502").json()
    assert rollup["pairings"] == 1 and rollup["helpers"] == 1 and rollup["targets"] == 1
    cover = api.get("/api/pairings/coverage?region=520502&target=village").json()
    assert cover["covered"] == 1 and cover["total"] == 1 and cover["rate"] == 100.0
    assert api.get("/api/pairings/coverage?region=520502&target=moon").status_code == 422
    listed = api.get(f"/api/pairings?program={bijie.pk}&status=active").json()
    assert listed["count"] == 1
    summary = api.get(f"/api/programs/{bijie.pk}/summary").json()
    assert summary["pairings"] == 1 and summary["pairing_helpers"] == 1


def test_projects_link_to_the_pairing_that_produced_them(api_client, users, program, village):
    bijie = program("组团式帮扶毕节")
    firm = enterprise("项目结对企业", "520502", 8400)
    pairing = Pairing.objects.get(
        pk=api_client.as_user("coordinator")
        .send(
            "post",
            "/api/pairings",
            {
                "program": bijie.pk,
                "kind": "enterprise_village",
                "helpers": [firm.pk],
                "target_region": village.code,
            },
        )
        .json()["id"]
    )
    api = api_client
    body = {"program": bijie.pk, "kind": "investment", "region": village.code, "domain": "rural"}
    ids = []
    for n in range(2):
        made = api.send("post", "/api/projects", {**body, "title": f"村企共建冷库{n}", "pairing": pairing.pk})
        assert made.status_code == 201, made.content
        assert made.json()["pairing"] == pairing.pk
        ids.append(made.json()["id"])
    loose = api.send("post", "/api/projects", {**body, "title": "无结对项目"})
    assert loose.status_code == 201 and loose.json()["pairing"] is None
    unknown = api.send("post", "/api/projects", {**body, "title": "x", "pairing": 999999})
    assert unknown.status_code == 422 and "pairing" in unknown.json()["fields"]
    rollup = api.get(f"/api/pairings/rollup?program={bijie.pk}").json()
    assert (rollup["pairings"], rollup["projects"]) == (1, 2)
    listed = api.get(f"/api/ledgers/projects?pairing={pairing.pk}").json()
    assert sorted(item["id"] for item in listed["items"]) == sorted(ids) and listed["count"] == 2
    assert api.get("/api/ledgers/projects?pairing=abc").status_code == 422
    unlinked = api.send("patch", f"/api/projects/{ids[1]}", {"pairing": None})
    assert unlinked.status_code == 200 and unlinked.json()["pairing"] is None
    assert api.get(f"/api/pairings/rollup?program={bijie.pk}").json()["projects"] == 1
    client = Client()
    client.force_login(users["coordinator"])
    page = client.get(f"/pairings/{pairing.pk}/").content.decode()
    assert f'<dd data-figure="projects"><a href="/ledgers/projects/?pairing={pairing.pk}">1</a>' in page
    ledger_page = client.get(f"/ledgers/projects/?pairing={pairing.pk}").content.decode()
    assert "村企共建冷库0" in ledger_page and "村企共建冷库1" not in ledger_page


def test_pages(users, program, village):
    bijie = program("组团式帮扶毕节")
    firm = enterprise("页面结对企业", "520502", 8200)
    client = Client()
    client.force_login(users["coordinator"])
    response = client.post(
        f"/pairings/new/?program={bijie.pk}",
        {
            "kind": "enterprise_village",
            "helpers": "页面结对企业",
            "target_region": village.code,
            "status": "proposed",
        },
    )
    pairing = Pairing.objects.get(program=bijie)
    assert response.status_code == 302 and list(pairing.helpers.all()) == [firm]
    client.post(f"/pairings/{pairing.pk}/status/", {"status": "signed"})
    client.post(f"/pairings/{pairing.pk}/status/", {"status": "active"})
    page = client.get(f"/pairings/{pairing.pk}/").content.decode()
    assert 'data-status="active"' in page
    overview = client.get(f"/pairings/?program={bijie.pk}&region=520502&target=village").content.decode()
    assert "data-covered>1<" in overview and "100.00%" in overview


def _sheet(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_all_or_nothing(users, program, village):
    enterprise("导入结对企业", "520502", 8300)
    head = ["编号", "项目群", "结对类型", "帮扶方", "结对对象(地区)", "状态"]
    bad = _sheet(
        [
            head,
            ["P1", "组团式帮扶毕节", "村企结对", "导入结对企业", village.code, "帮扶中"],
            ["P2", "组团式帮扶毕节", "村企结对", "不存在的企业", village.code, "帮扶中"],
        ]
    )
    result = importer.run(ledger.get("pairings"), actor=users["coordinator"], name="p.xlsx", data=bad)
    assert not result.ok and [e.row for e in result.errors] == [3] and not Pairing.objects.exists()
    good = _sheet([head, ["P1", "组团式帮扶毕节", "村企结对", "导入结对企业", village.code, "帮扶中"]])
    result = importer.run(ledger.get("pairings"), actor=users["coordinator"], name="p.xlsx", data=good)
    assert result.ok and Pairing.objects.get(ref="P1").status == "active"
