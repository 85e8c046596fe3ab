"""The web and API flow: upload → facts → confirm one into an indicator value with provenance."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tongxin.core.errors import Forbidden, Invalid
from tongxin.indicators.models import ReportedValue
from tongxin.ingest import services
from tongxin.ingest.models import Document, Fact

pytestmark = pytest.mark.django_db

ARTICLE = (
    "统一战线帮扶毕节纪实\n\n"
    "2023年7月以来,统一战线在毕节实施“地域+领域”组团式帮扶项目1383个、投入资金4.67亿元。\n"
    "促成签约产业项目113个、投资额558.66亿元,履约率达96.46%。(完)\n"
)


def test_ingest_finds_figures_and_writes_nothing_else(users, program):
    before = ReportedValue.objects.count()
    document = services.document_ingest(
        actor=users["coordinator"], program=program("组团式帮扶毕节"), title="纪实", text=ARTICLE
    )
    facts = {(f.unit, f.value.normalize()) for f in document.facts.all()}
    assert (
        ("个", 1383) in facts
        and ("元", 467000000) in facts
        and ("%", 96.46) in {(u, float(v)) for u, v in facts}
    )
    fact = document.facts.get(unit="个", value=1383)
    assert ARTICLE[fact.start : fact.end] == fact.quote
    assert ReportedValue.objects.count() == before


def test_confirm_keeps_provenance_and_refuses_twice(users, program):
    document = services.document_ingest(
        actor=users["coordinator"], program=program("组团式帮扶毕节"), title="纪实", text=ARTICLE
    )
    fact = document.facts.get(unit="元", value=467000000)
    reported = services.fact_confirm(
        actor=users["coordinator"],
        fact=fact,
        indicator_name="投入资金",
        value=fact.value,
        unit="元",
        approx="exact",
    )
    assert reported.source_object_id == str(document.pk) and reported.source_quote == fact.quote
    assert reported.confirmed_by == users["coordinator"] and reported.source_start == fact.start
    assert Fact.objects.get(pk=fact.pk).status == "confirmed"
    with pytest.raises(Invalid):
        services.fact_confirm(
            actor=users["coordinator"],
            fact=Fact.objects.get(pk=fact.pk),
            indicator_name="x",
            value=1,
            unit="元",
            approx="exact",
        )


def test_only_coordinators_of_the_program_decide(users, program):
    document = services.document_ingest(
        actor=users["coordinator"], program=program("组团式帮扶毕节"), title="纪实", text=ARTICLE
    )
    with pytest.raises(Forbidden):
        services.fact_reject(actor=users["viewer"], fact=document.facts.first())
    with pytest.raises(Forbidden):
        services.document_ingest(
            actor=users["minmeng"], program=program("组团式帮扶毕节"), title="x", text=ARTICLE
        )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "空"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 100, "无法读取"),
        ("fake.docx", b"not a zip", "Word"),
    ],
)
def test_bad_files_are_refused(users, program, name, data, message):
    with pytest.raises(Invalid, match=message):
        services.document_ingest(
            actor=users["coordinator"], program=program("组团式帮扶毕节"), title="x", filename=name, data=data
        )
    assert not Document.objects.filter(title="x").exists()


def test_oversized_text_refused(users, program):
    with pytest.raises(Invalid, match="20MB"):
        services.document_ingest(
            actor=users["coordinator"],
            program=program("组团式帮扶毕节"),
            title="x",
            filename="big.txt",
            data=b"a" * (20 * 1024 * 1024 + 1),
        )


def test_gbk_and_docx_with_table(users, program):
    import docx

    gbk = services.document_ingest(
        actor=users["coordinator"],
        program=program("组团式帮扶毕节"),
        title="gbk",
        filename="a.txt",
        data=ARTICLE.encode("gbk"),
    )
    assert gbk.encoding in ("gbk", "gb18030") and gbk.facts.filter(value=1383).exists()
    document = docx.Document()
    document.add_paragraph("毕节帮扶情况")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "培训师生", "56.82万人次"
    out = io.BytesIO()
    document.save(out)
    word = services.document_ingest(
        actor=users["coordinator"],
        program=program("组团式帮扶毕节"),
        title="docx",
        filename="a.docx",
        data=out.getvalue(),
    )
    assert word.facts.filter(unit="人次", value=568200).exists()


def test_page_flow_and_provenance_on_program_page(users, program):
    client = Client()
    client.force_login(users["coordinator"])
    bijie = program("组团式帮扶毕节")
    upload = SimpleUploadedFile("纪实.txt", ARTICLE.encode("utf-8"), content_type="text/plain")
    response = client.post("/ingest/upload/", {"program": bijie.pk, "title": "纪实", "file": upload})
    assert response.status_code == 302
    document = Document.objects.get(title="纪实")
    page = client.get(f"/ingest/{document.pk}/").content.decode()
    assert page.count("<mark") == document.facts.count() and "1383" in page
    fact = document.facts.get(unit="个", value=1383)
    prefix = f"f{fact.pk}"
    response = client.post(
        f"/ingest/facts/{fact.pk}/",
        {
            f"{prefix}-indicator": "帮扶项目",
            f"{prefix}-value": "1383",
            f"{prefix}-unit": "个",
            f"{prefix}-approx": "exact",
            f"{prefix}-region": "毕节",
            "decision": "confirm",
        },
    )
    assert response.status_code == 302
    reported = ReportedValue.objects.get(indicator__name="帮扶项目")
    assert reported.region_id == "520500"
    program_page = client.get(f"/programs/{bijie.pk}/").content.decode()
    assert "帮扶项目" in program_page and "纪实" in program_page and fact.quote in program_page


def test_api_flow(api_client, program):
    client = api_client.as_user("coordinator")
    bijie = program("组团式帮扶毕节")
    created = client.send(
        "post", "/api/ingest/documents", {"program": bijie.pk, "title": "API", "text": ARTICLE}
    )
    assert created.status_code == 201, created.content
    facts = created.json()["facts"]
    target = next(f for f in facts if f["unit"] == "%")
    confirmed = client.send(
        "post",
        f"/api/ingest/facts/{target['id']}/confirm",
        {"indicator": "履约率", "value": "96.46", "unit": "%"},
    )
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["source_quote"] == target["quote"]
    listed = client.get(f"/api/ingest/reported?program={bijie.pk}").json()
    assert [r["indicator"] for r in listed] == ["履约率"]
    refused = client.send("post", "/api/ingest/documents", {"program": bijie.pk, "text": "   "})
    assert refused.status_code == 422
