"""A confirmed value can be corrected or (softly) deleted later: by those who may change it, audited,
and without losing where it came from."""

from decimal import Decimal

import pytest
from django.test import Client

from tongxin.core.errors import Conflict, Forbidden, Invalid, NotFound
from tongxin.core.models import AuditEntry
from tongxin.indicators import services
from tongxin.indicators.models import Indicator, ReportedValue
from tongxin.ingest.services import document_ingest, fact_confirm

pytestmark = pytest.mark.django_db

ARTICLE = "统一战线帮扶毕节纪实\n\n统一战线在毕节实施组团式帮扶项目1383个、投入资金4.67亿元。(完)\n"


@pytest.fixture
def reported(users, program) -> ReportedValue:
    document = document_ingest(
        actor=users["coordinator"], program=program("组团式帮扶毕节"), title="纪实", text=ARTICLE
    )
    fact = document.facts.get(unit="个")
    return fact_confirm(
        actor=users["coordinator"],
        fact=fact,
        indicator_name="帮扶项目",
        value=fact.value,
        unit="个",
        approx="exact",
    )


def _provenance(r: ReportedValue) -> tuple:
    return (
        r.source_content_type_id,
        r.source_object_id,
        r.source_start,
        r.source_end,
        r.source_quote,
        r.confirmed_by_id,
        r.confirmed_at,
    )


def _entries(r: ReportedValue, action: str):
    return AuditEntry.objects.filter(object_id=str(r.pk), content_type__model="reportedvalue", action=action)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_update_keeps_provenance_and_is_audited(users, reported):
    before = _provenance(reported)
    saved = services.reported_value_update(
        actor=users["coordinator"],
        reported=reported,
        data={"value": Decimal("1400"), "approx": "over", "indicator": "帮扶项目(修正)"},
        expected_version=reported.version,
    )
    saved = ReportedValue.objects.get(pk=saved.pk)
    assert saved.value == 1400 and saved.approx == "over" and saved.indicator.name == "帮扶项目(修正)"
    assert _provenance(saved) == before and saved.version == 2
    changes = _entries(saved, "indicators.updated").get().changes
    assert changes["value"] == ["1383.0000", "1400.0000"] and changes["approx"] == ["exact", "over"]


def test_provenance_fields_cannot_be_edited(users, reported):
    with pytest.raises(Invalid, match="source_quote"):
        services.reported_value_update(
            actor=users["coordinator"], reported=reported, data={"source_quote": "x"}
        )
    assert ReportedValue.objects.get(pk=reported.pk).source_quote == reported.source_quote


def test_stale_version_is_refused(users, reported):
    services.reported_value_update(actor=users["coordinator"], reported=reported, data={"value": 1})
    with pytest.raises(Conflict):
        services.reported_value_update(
            actor=users["coordinator"],
            reported=ReportedValue.objects.get(pk=reported.pk),
            data={"value": 2},
            expected_version=1,
        )


@pytest.mark.parametrize(("username", "refusal"), [("viewer", Forbidden), ("minmeng", NotFound)])
def test_others_cannot_edit_or_delete(users, reported, username, refusal):
    """A viewer sees the value but may not change it; a member of another organization does not see it."""
    with pytest.raises(refusal):
        services.reported_value_update(actor=users[username], reported=reported, data={"indicator": "新指标"})
    with pytest.raises(refusal):
        services.reported_value_delete(actor=users[username], reported=reported)
    kept = ReportedValue.all_objects.get(pk=reported.pk)
    assert kept.value == 1383 and kept.deleted_at is None
    assert not Indicator.objects.filter(name="新指标").exists()


def test_delete_is_soft_and_keeps_provenance(users, reported):
    before = _provenance(reported)
    services.reported_value_delete(actor=users["coordinator"], reported=reported)
    assert not ReportedValue.objects.filter(pk=reported.pk).exists()
    kept = ReportedValue.all_objects.get(pk=reported.pk)
    assert kept.deleted_by == users["coordinator"] and _provenance(kept) == before
    assert _entries(kept, "indicators.deleted").get().actor == users["coordinator"]


def test_page_edit_and_history(users, reported, program):
    client = _client(users["coordinator"])
    bijie = program("组团式帮扶毕节")
    page = client.get(f"/programs/{bijie.pk}/").content.decode()
    assert f"/indicators/{reported.pk}/edit/" in page and f"/indicators/{reported.pk}/delete/" in page
    form = client.get(f"/indicators/{reported.pk}/edit/")
    assert form.status_code == 200 and reported.source_quote in form.content.decode()
    response = client.post(
        f"/indicators/{reported.pk}/edit/",
        {
            "indicator": "帮扶项目",
            "value": "1390",
            "unit": "个",
            "approx": "about",
            "region": "毕节",
            "version": reported.version,
            "next": f"/programs/{bijie.pk}/",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/programs/{bijie.pk}/"
    saved = ReportedValue.objects.get(pk=reported.pk)
    assert saved.value == 1390 and saved.region_id == "520500" and saved.source_quote == reported.source_quote
    assert _entries(saved, "indicators.updated").get().source == AuditEntry.Source.WEB
    history = client.get(f"/history/indicators.ReportedValue/{reported.pk}/").content.decode()
    assert "修改上报数据" in history and "1390.0000" in history and "确认上报数据" in history


def test_page_refuses_bad_input_and_stale_version(users, reported):
    client = _client(users["coordinator"])
    bad = client.post(
        f"/indicators/{reported.pk}/edit/",
        {"indicator": "帮扶项目", "value": "-1", "unit": "个", "approx": "exact"},
    )
    assert bad.status_code == 422
    unknown = client.post(
        f"/indicators/{reported.pk}/edit/",
        {"indicator": "帮扶项目", "value": "1", "unit": "个", "approx": "exact", "region": "不存在县"},
    )
    assert unknown.status_code == 422 and "未找到行政区划" in unknown.content.decode()
    services.reported_value_update(actor=users["coordinator"], reported=reported, data={"value": 5})
    stale = client.post(
        f"/indicators/{reported.pk}/edit/",
        {"indicator": "帮扶项目", "value": "7", "unit": "个", "approx": "exact", "version": 1},
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    assert ReportedValue.objects.get(pk=reported.pk).value == 5


def test_page_delete_asks_first(users, reported, program):
    client = _client(users["coordinator"])
    confirm = client.get(f"/indicators/{reported.pk}/delete/")
    assert confirm.status_code == 200 and "确定删除" in confirm.content.decode()
    assert ReportedValue.objects.filter(pk=reported.pk).exists()
    response = client.post(f"/indicators/{reported.pk}/delete/")
    assert response.status_code == 302
    assert not ReportedValue.objects.filter(pk=reported.pk).exists()
    page = client.get(f"/programs/{program('组团式帮扶毕节').pk}/").content.decode()
    assert f'data-reported="{reported.pk}"' not in page
    document = client.get(f"/ingest/{reported.source_object_id}/").content.decode()
    assert "已删除" in document
    history = client.get(f"/history/indicators.ReportedValue/{reported.pk}/").content.decode()
    assert "删除上报数据" in history


def test_page_viewer_is_refused(users, reported, program):
    client = _client(users["viewer"])
    page = client.get(f"/programs/{program('组团式帮扶毕节').pk}/").content.decode()
    assert f'data-reported="{reported.pk}"' in page and f"/indicators/{reported.pk}/edit/" not in page
    assert client.get(f"/indicators/{reported.pk}/edit/").status_code == 403
    assert (
        client.post(
            f"/indicators/{reported.pk}/edit/",
            {"indicator": "x", "value": "1", "unit": "个", "approx": "exact"},
        ).status_code
        == 403
    )
    assert client.post(f"/indicators/{reported.pk}/delete/").status_code == 403
    kept = ReportedValue.objects.get(pk=reported.pk)
    assert kept.value == 1383 and kept.indicator.name == "帮扶项目"


def test_api_patch_and_delete(api_client, users, reported):
    client = api_client.as_user("coordinator")
    url = f"/api/ingest/reported/{reported.pk}"
    patched = client.send(
        "patch",
        url,
        {"value": "1388", "region": "520500", "version": reported.version, "source_quote": "不能改"},
    )
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert body["value"] == "1388.0000" and body["region"] == "520500" and body["version"] == 2
    assert body["source_quote"] == reported.source_quote and body["confirmed_by"] == "coordinator"
    assert _entries(reported, "indicators.updated").get().source == AuditEntry.Source.API
    stale = client.send("patch", url, {"value": "1", "version": 1})
    assert stale.status_code == 409 and "message" in stale.json()
    bad = client.send("patch", url, {"value": "-3"})
    assert bad.status_code == 422 and "value" in bad.json()["fields"]
    null = client.send("patch", url, {"unit": None})
    assert null.status_code == 422
    unknown_region = client.send("patch", url, {"region": "不存在县"})
    assert unknown_region.status_code == 422 and "region" in unknown_region.json()["fields"]
    assert client.delete(url).status_code == 204
    assert ReportedValue.all_objects.get(pk=reported.pk).deleted_at is not None
    program_id = reported.program_id
    assert [r["id"] for r in client.get(f"/api/ingest/reported?program={program_id}").json()] == []
    assert client.send("patch", url, {"value": "1"}).status_code == 404


def test_api_viewer_gets_403(api_client, reported):
    client = api_client.as_user("viewer")
    url = f"/api/ingest/reported/{reported.pk}"
    refused = client.send("patch", url, {"value": "1"})
    assert refused.status_code == 403 and refused.json()["message"]
    assert client.delete(url).status_code == 403
    kept = ReportedValue.objects.get(pk=reported.pk)
    assert kept.value == 1383 and not _entries(kept, "indicators.updated").exists()
