import io

import pytest
from django.test import Client
from openpyxl import Workbook

from tongxin.core.ledger import importer
from tongxin.domains.models import Domain

from ..models import Match, MatchingRun, Need, Offer, RunStatus
from .factories import enterprise, needs_and_offers

pytestmark = pytest.mark.django_db


@pytest.fixture
def bijie(program):
    return program("组团式帮扶毕节")


def test_need_api_bad_input(api_client, bijie):
    api = api_client.as_user("coordinator")
    base = {"program": bijie.pk, "domain": "rural", "text": "修建村级冷库", "region": "大方县"}
    ok = api.send("post", "/api/matching/needs", base)
    assert ok.status_code == 201, ok.content
    assert ok.json()["region"] == "520521" and ok.json()["title"] == "修建村级冷库"
    unknown_domain = api.send("post", "/api/matching/needs", {**base, "domain": "航天"})
    assert unknown_domain.status_code == 422 and "未知领域" in unknown_domain.json()["fields"]["domain"][0]
    unknown_region = api.send("post", "/api/matching/needs", {**base, "region": "不存在县"})
    assert unknown_region.status_code == 422 and "region" in unknown_region.json()["fields"]
    empty = api.send("post", "/api/matching/needs", {**base, "text": "  "})
    assert empty.status_code == 422 and "text" in empty.json()["fields"]
    listed = api.get(f"/api/matching/needs?program={bijie.pk}").json()
    assert listed["count"] == 1


def test_offer_api_capacity(api_client, bijie):
    firm = enterprise("接口测试企业", "110105", 9300)
    api = api_client.as_user("coordinator")
    body = {
        "program": bijie.pk,
        "organization": firm.pk,
        "domain": "industry",
        "text": "电商培训",
        "capacity": 0,
    }
    response = api.send("post", "/api/matching/offers", body)
    assert response.status_code == 422 and "capacity" in response.json()["fields"]
    created = api.send("post", "/api/matching/offers", {**body, "capacity": 3, "regions": ["毕节市"]})
    assert created.status_code == 201 and created.json()["regions"] == ["520500"]


def test_run_review_and_explanations_through_api(api_client, bijie):
    needs_and_offers(bijie)
    api = api_client.as_user("coordinator")
    started = api.send("post", "/api/matching/runs", {"program": bijie.pk})
    assert started.status_code == 202
    run_id = started.json()["id"]
    # the thread starts on commit; tests run inside a transaction, so run the job here
    from ..services import run_execute

    run_execute(run_id=run_id)
    run = api.get(f"/api/matching/runs/{run_id}").json()
    assert run["status"] == "done" and run["certificate"]["gap"] == 0
    matches = api.get(f"/api/matching/matches?run={run_id}").json()
    assert matches["count"] == 3
    first = matches["items"][0]
    assert {p["name"] for p in first["parts"]} == {"text", "domain", "distance", "rule"}
    rejected = api.send("post", f"/api/matching/matches/{first['id']}/reject", {"reason": ""})
    assert rejected.status_code == 422 and "reason" in rejected.json()["fields"]
    accepted = api.send("post", f"/api/matching/matches/{first['id']}/accept", {})
    assert accepted.json()["status"] == "accepted"
    agreed = api.send("post", f"/api/matching/matches/{first['id']}/agree", {})
    assert agreed.json()["pairing"]
    viewer = api_client.as_user("viewer")
    assert viewer.send("post", f"/api/matching/matches/{first['id']}/accept", {}).status_code in (403, 404)


def test_best_partners_api_and_page(api_client, users, bijie):
    needs, offers = needs_and_offers(bijie)
    api = api_client.as_user("coordinator")
    partners = api.get(f"/api/matching/needs/{needs[1].pk}/partners?k=2").json()
    assert partners[0]["offer"] == offers[1].pk and len(partners) == 2
    assert "义诊" in partners[0]["phrases"]
    client = Client()
    client.force_login(users["coordinator"])
    page = client.get(f"/matching/needs/{needs[1].pk}/partners/?k=3", HTTP_HX_REQUEST="true").content.decode()
    assert offers[1].title in page and "为什么" not in page and "义诊" in page
    assert client.get(f"/matching/needs/{needs[1].pk}/").status_code == 200


def test_pages_run_and_review(users, bijie):
    needs, _ = needs_and_offers(bijie)
    client = Client()
    client.force_login(users["coordinator"])
    assert "开始对接计算" in client.get(f"/matching/programs/{bijie.pk}/").content.decode()
    response = client.post(f"/matching/programs/{bijie.pk}/run/")
    run = MatchingRun.objects.get(program=bijie)
    assert response.status_code == 302 and response.url == f"/matching/runs/{run.pk}/"
    from ..services import run_execute

    run_execute(run_id=run.pk)
    page = client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert "建议的对接(3)" in page and "为什么推荐" in page
    match = Match.objects.get(run=run, need=needs[0])
    partial = client.post(f"/matching/matches/{match.pk}/reject/", {"reason": ""}, HTTP_HX_REQUEST="true")
    assert (
        "请填写拒绝理由" in partial.content.decode() and 'data-status="proposed"' in partial.content.decode()
    )
    partial = client.post(f"/matching/matches/{match.pk}/accept/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and 'data-status="accepted"' in partial.content.decode()
    progress = client.get(f"/matching/runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress.status_code == 204 and progress["HX-Refresh"] == "true"
    program_page = client.get(f"/programs/{bijie.pk}/").content.decode()
    assert "对接工作台" in program_page and "结对汇总与覆盖率" in program_page


def test_settings_page_and_validation(users, bijie):
    client = Client()
    client.force_login(users["coordinator"])
    data = {
        "weight_text": "0",
        "weight_domain": "0",
        "weight_distance": "0",
        "weight_rule": "0",
        "min_score": "0",
        "top_k": "6",
    }
    client.post(f"/matching/programs/{bijie.pk}/settings/", data)
    from ..models import MatchSettings

    assert not MatchSettings.objects.filter(program=bijie).exists()
    client.post(
        f"/matching/programs/{bijie.pk}/settings/", {**data, "weight_text": "1", "same_province": "on"}
    )
    assert MatchSettings.objects.get(program=bijie).same_province


def _sheet(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_need_import_is_all_or_nothing(users, bijie):
    from tongxin.core import ledger

    head = ["编号", "项目群", "领域", "内容", "所在地区", "所需伙伴数"]
    bad = _sheet(
        [
            head,
            ["N1", "组团式帮扶毕节", "乡村振兴", "修建冷库", "大方县", 1],
            ["N2", "组团式帮扶毕节", "航天", "卫星", "大方县", 1],
            ["N3", "组团式帮扶毕节", "教育", "", "金沙县", 1],
        ]
    )
    result = importer.run(ledger.get("needs"), actor=users["coordinator"], name="needs.xlsx", data=bad)
    assert not result.ok and Need.objects.filter(program=bijie).count() == 0
    assert {e.row for e in result.errors} == {3, 4}
    good = _sheet([head, ["N1", "组团式帮扶毕节", "乡村振兴", "修建冷库", "大方县", 2]])
    result = importer.run(ledger.get("needs"), actor=users["coordinator"], name="needs.xlsx", data=good)
    assert result.ok and result.created == 1
    again = importer.run(ledger.get("needs"), actor=users["coordinator"], name="needs.xlsx", data=good)
    assert again.created == 0 and Need.objects.get(ref="N1").partners_wanted == 2


def test_offer_import_capacity_error_and_export(users, bijie):
    from tongxin.core import ledger

    enterprise("导入测试企业", "110105", 9400)
    head = ["项目群", "领域", "内容", "提供单位", "可帮扶对象数"]
    bad = _sheet([head, ["组团式帮扶毕节", "产业发展", "电商", "导入测试企业", 0]])
    result = importer.run(ledger.get("offers"), actor=users["coordinator"], name="o.xlsx", data=bad)
    assert not result.ok and "须至少为1" in str(result.errors[0]) and not Offer.objects.exists()
    good = _sheet([head, ["组团式帮扶毕节", "产业发展", "电商", "导入测试企业", 2]])
    assert importer.run(ledger.get("offers"), actor=users["coordinator"], name="o.xlsx", data=good).ok
    client = Client()
    client.force_login(users["coordinator"])
    export = client.get(f"/ledgers/offers/export.xlsx?program={bijie.pk}")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert Domain.objects.filter(code="industry").exists()


def test_empty_program_run_via_page(users, bijie):
    from ..services import run_start

    run = run_start(actor=users["coordinator"], program=bijie, background=False)
    assert run.status == RunStatus.EMPTY
    client = Client()
    client.force_login(users["coordinator"])
    assert "nothing to match" in client.get(f"/matching/runs/{run.pk}/").content.decode()
