"""The 台账 mechanism exercised through the projects ledger: filters and totals, export, template,
import (merged headers, 万元, full-width digits, blank rows, CSV in GBK, re-import by key), the error
report, refusals before parsing, and background import jobs with progress."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from tongxin.core import audit
from tongxin.core.ledger import REGISTRY, importer, jobs, query
from tongxin.core.models import AuditEntry
from tongxin.projects import demo
from tongxin.projects.models import Participation, Project

pytestmark = pytest.mark.django_db
LEDGER = "projects"
HEADER = [
    "编号",
    "项目名称",
    "项目群",
    "类型",
    "状态",
    "区划代码",
    "领域",
    "完成日期",
    "计划投入(元)",
    "实施单位",
]


def xlsx(rows: list[list], merge: list[str] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for area in merge:
        sheet.merge_cells(area)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(data: bytes, user, name="项目.xlsx"):
    return importer.run(REGISTRY[LEDGER], actor=user, name=name, data=data)


def rows_of(body: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True))


def test_totals_row_equals_the_sum_of_the_filtered_rows(client, users):
    demo.load()
    client.force_login(users["coordinator"])
    page = client.get("/ledgers/projects/?region=520524&domain=education&unit=wan")
    assert page.status_code == 200
    rows = Project.objects.filter(region__code__startswith="520524", domain__code="education")
    assert f"<strong data-total-count>{rows.count()}</strong>" in page.content.decode()
    wan = sum(r.committed for r in rows) / 10000
    assert f'data-total="committed">{wan:,.4f}' in page.content.decode()
    partial = client.get("/ledgers/projects/?region=520524", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "data-total-count" in partial.content.decode()
    bad = client.get("/ledgers/projects/?region=不存在的地方")
    assert bad.status_code == 422


def test_export_is_exactly_the_filtered_rows_with_a_totals_row(client, users, program):
    demo.load()
    bijie = program("组团式帮扶毕节")
    Project.objects.filter(code="BJ-0001").update(title="=HYPERLINK(1)")
    client.force_login(users["coordinator"])
    response = client.get(f"/ledgers/projects/export.xlsx?program={bijie.pk}&region=520524")
    body = b"".join(response.streaming_content)
    sheet = rows_of(body)
    header = sheet[0]
    assert header[:2] == ("编号", "项目名称") and "计划投入(元)" in header
    expected = Project.objects.filter(program=bijie, region__code__startswith="520524")
    data = [r for r in sheet[1:] if r[0] and str(r[0]).startswith("BJ-")]
    assert len(data) == expected.count()
    total = next(r for r in sheet if r[0] and str(r[0]).startswith("合计"))
    col = header.index("计划投入(元)")
    assert Decimal(str(total[col])).quantize(Decimal("0.01")) == sum(p.committed for p in expected)
    flagged = [r for r in sheet if r[1] and "HYPERLINK" in str(r[1])]
    assert all(str(r[1]).startswith("'=") for r in flagged)


def test_template_import_and_reimport_updates_instead_of_duplicating(users, program):
    bijie = program("组团式帮扶毕节")
    data = xlsx(
        [
            HEADER,
            [
                "T-1",
                "大方县医共体建设",
                bijie.name,
                "服务",
                "计划",
                "520521",
                "医疗卫生",
                None,
                1000,
                "农工党中央",
            ],
            [None] * 10,
            [
                "T-2",
                "织金竹荪产业",
                bijie.short_name,
                "投资",
                "实施中",
                "520524",
                "产业发展",
                None,
                "３００万",
                "",
            ],
        ]
    )
    first = run(data, users["coordinator"])
    assert first.ok, [str(e) for e in first.errors]
    assert (first.created, first.updated) == (2, 0)
    bamboo = Project.objects.get(code="T-2")
    assert bamboo.committed == Decimal("3000000.00") and bamboo.status == "under_way"
    assert Participation.objects.get(project__code="T-1").organization.short_name == "农工党中央"
    # One entry for the run of rows the import created, found in each row's history.
    (entry,) = AuditEntry.objects.filter(batch=first.batch, action="created")
    assert entry.changes["rows"] == [None, 2] and entry.actor == users["coordinator"]
    for project in Project.objects.filter(code__in=["T-1", "T-2"]):
        assert audit.history(project).get(action="created") == entry
        assert entry.source == AuditEntry.Source.IMPORT
    again = run(data, users["coordinator"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = xlsx(
        [
            HEADER,
            [
                "T-1",
                "大方县医共体建设(二期)",
                bijie.name,
                "服务",
                "计划",
                "520521",
                "医疗卫生",
                None,
                1000,
                "农工党中央",
            ],
        ]
    )
    third = run(changed, users["coordinator"])
    assert (third.created, third.updated) == (0, 1)
    assert Project.objects.filter(code__in=["T-1", "T-2"]).count() == 2
    assert Project.objects.get(code="T-1").title == "大方县医共体建设(二期)"


def test_merged_headers_wan_columns_and_full_width_digits(users, program):
    bijie = program("组团式帮扶毕节")
    data = xlsx(
        [
            ["项目名称", "项目群", "类型", "地点", "领域", "资金(万元)", None, "开始日期"],
            [None, None, None, None, None, "计划投入", "资金到位", None],
            [
                "威宁马铃薯",
                bijie.name,
                "投资",
                "威宁彝族回族苗族自治县",
                "产业发展",
                "１２.５",
                10,
                "2024年3月1日",
            ],
        ],
        merge=["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:G1", "H1:H2"],
    )
    result = run(data, users["coordinator"])
    assert result.ok, [str(e) for e in result.errors]
    made = Project.objects.get(title="威宁马铃薯")
    assert (made.committed, made.disbursed) == (Decimal("125000.00"), Decimal("100000.00"))
    assert made.region_id == "520526" and made.start_date == dt.date(2024, 3, 1)


def test_csv_in_gbk(users, program):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["项目名称", "项目群", "类型", "区划代码", "领域", "计划投入(元)"])
    writer.writerow(
        ["黔西市文化站", program("组团式帮扶毕节").name, "捐赠", "520581", "文化与文物保护", "88,000.5"]
    )
    result = run(text.getvalue().encode("gbk"), users["coordinator"], name="项目.csv")
    assert result.ok, [str(e) for e in result.errors]
    assert Project.objects.get(title="黔西市文化站").committed == Decimal("88000.50")


def test_bad_rows_are_reported_and_nothing_is_written(client, users, program):
    bijie = program("组团式帮扶毕节")
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    data = xlsx(
        [
            HEADER,
            ["E-1", "好行", bijie.name, "捐赠", "计划", "520521", "教育", None, 100, ""],
            ["E-2", "负数", bijie.name, "捐赠", "计划", "520521", "教育", None, -5, ""],
            ["E-3", "无地区", bijie.name, "捐赠", "计划", "990000", "教育", None, 1, ""],
            ["E-4", "未来完成", bijie.name, "捐赠", "已完成", "520521", "教育", future, 1, ""],
            ["E-5", "非数字", bijie.name, "捐赠", "计划", "520521", "教育", None, "很多", ""],
        ]
    )
    client.force_login(users["coordinator"])
    upload = io.BytesIO(data)
    upload.name = "项目.xlsx"
    page = client.post("/ledgers/projects/import/", {"file": upload})
    assert page.status_code == 422
    result = run(data, users["coordinator"])
    problems = {(e.row, e.column) for e in result.errors}
    assert {(3, "计划投入(元)"), (4, "区划代码"), (5, "完成日期"), (6, "计划投入(元)")} <= problems
    assert not Project.objects.filter(code__startswith="E-").exists()
    report = client.get("/ledgers/projects/import/errors.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    marked = book.worksheets[0].cell(row=3, column=9)
    assert marked.fill.fgColor.rgb.endswith("FFC7CE") and marked.comment is not None
    assert book["错误清单"].max_row >= 5


def test_wrong_headers_zip_bombs_and_oversize_are_refused(users):
    with pytest.raises(importer.ImportRefused, match=r"应有的列:.*项目名称\*"):
        run(xlsx([["姓名", "电话"], ["张三", "1"]]), users["coordinator"])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    with pytest.raises(importer.ImportRefused, match="压缩炸弹"):
        run(bomb.getvalue(), users["coordinator"])
    with pytest.raises(importer.ImportRefused, match="上限"):
        run(b"x" * (importer.MAX_BYTES + 1), users["coordinator"], name="a.csv")
    with pytest.raises(importer.ImportRefused, match="上限"):
        jobs.start(LEDGER, actor=users["coordinator"], name="a.xlsx", data=b"x" * (importer.MAX_BYTES + 1))


def test_exported_file_reimports_without_duplicates(client, users, program):
    demo.load()
    bijie = program("组团式帮扶毕节")
    client.force_login(users["coordinator"])
    response = client.get(f"/ledgers/projects/export.xlsx?program={bijie.pk}&region=520527&unit=wan")
    body = b"".join(response.streaming_content)
    before = Project.objects.count()
    result = run(body, users["coordinator"])
    assert result.ok, [str(e) for e in result.errors[:5]]
    expected = Project.objects.filter(program=bijie, region__code__startswith="520527").count()
    assert (result.created, result.updated, result.unchanged) == (0, 0, expected)
    assert Project.objects.count() == before


def test_background_job_reports_progress(client, users, program, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    bijie = program("组团式帮扶毕节")
    rows = [HEADER] + [
        [f"J-{n}", f"项目{n}", bijie.name, "捐赠", "计划", "520521", "教育", None, n, ""]
        for n in range(1, 1201)
    ]
    job = jobs.start(LEDGER, actor=users["coordinator"], name="大表.xlsx", data=xlsx(rows), background=False)
    assert job.state == "done" and job.created == 1200 and job.percent == 100
    assert Project.objects.filter(code__startswith="J-").count() == 1200
    client.force_login(users["coordinator"])
    page = client.get(f"/ledgers/projects/import/jobs/{job.id}/")
    assert page.status_code == 200 and "导入完成" in page.content.decode()
    client.force_login(users["minmeng"])
    assert client.get(f"/ledgers/projects/import/jobs/{job.id}/").status_code == 404
    seen = []
    result = importer.run(
        REGISTRY[LEDGER],
        actor=users["coordinator"],
        name="a.xlsx",
        data=xlsx(rows),
        progress=lambda f, p: seen.append(p),
    )
    assert result.unchanged == 1200 and seen[0] == "读取文件" and seen[-1] == "完成"


def test_import_api_starts_a_job_and_answers_its_status(api_client, program, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    bijie = program("组团式帮扶毕节")
    data = xlsx(
        [HEADER, ["A-1", "接口导入", bijie.name, "培训", "计划", "520502", "人才与培训", None, 1, ""]]
    )
    client = api_client.as_user("coordinator")
    upload = io.BytesIO(data)
    upload.name = "a.xlsx"
    started = client.post("/api/projects/import", {"file": upload})
    assert started.status_code == 200, started.content
    job = started.json()
    assert job["state"] == "done" and job["created"] == 1
    status = client.get(f"/api/projects/import/jobs/{job['id']}")
    assert status.status_code == 200 and status.json()["finished"] is True
    assert api_client.as_user("minmeng").get(f"/api/projects/import/jobs/{job['id']}").status_code == 404


def test_member_may_not_import_projects_of_others(users, program):
    bijie = program("组团式帮扶毕节")
    data = xlsx(
        [HEADER, ["M-1", "越权", bijie.name, "培训", "计划", "520502", "人才与培训", None, 1, "民盟中央"]]
    )
    result = run(data, users["minjian"])
    assert not result.ok and "无权" in result.errors[0].message
    assert not Project.objects.filter(code="M-1").exists()


def test_pivot_drill_params_select_the_cell(users):
    demo.load()
    ledger = REGISTRY[LEDGER]
    selection = query.parse(ledger, {"region": "520500"})
    table = query.pivot(selection, query.rows(selection, users["coordinator"]), row="region", column="domain")
    rkey, _label = next(r for r in table.rows if r[1] == "赫章县")
    ckey = next(c for c, _ in table.columns if table.cells.get((rkey, c)))
    params = {**query.drill_params(table.row_dim, rkey), **query.drill_params(table.col_dim, ckey)}
    drilled = query.parse(ledger, params)
    assert query.rows(drilled, users["coordinator"]).count() == table.cells[(rkey, ckey)]


@pytest.mark.parametrize("suffix", ["ods", "xls", "xlsx"])
def test_sheets_saved_by_libreoffice_import(users, suffix):
    """Real LibreOffice files (see tests/files/README.md): title row, merged two-row header,
    万元 columns, a blank row and full-width digits."""
    from pathlib import Path

    data = (Path(__file__).parent / "files" / f"libreoffice-merged-header.{suffix}").read_bytes()
    result = run(data, users["coordinator"], name=f"台账.{suffix}")
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2
    potato = Project.objects.get(code="LO-001")
    assert (potato.committed, potato.disbursed) == (Decimal("125000.00"), Decimal("100000.00"))
    assert potato.region_id == "520526" and potato.start_date == dt.date(2024, 3, 1)
    school = Project.objects.get(code="LO-002")
    assert (school.region_id, school.committed, school.disbursed) == (
        "520525",
        Decimal("32000.00"),
        Decimal("20000.00"),
    )


def test_chunks_are_written_while_later_ones_are_checked_and_a_late_error_undoes_all(
    users, program, monkeypatch
):
    """With two rows per chunk, the first chunks are written before the last is checked: an error
    there (and a key repeated from the first chunk) still leaves nothing behind, and names both."""
    monkeypatch.setattr(importer, "CHUNK", 2)
    bijie = program("组团式帮扶毕节")
    good = [
        [f"C-{n}", f"分块{n}", bijie.name, "捐赠", "计划", "520521", "教育", None, n, ""] for n in range(1, 6)
    ]
    before = (Project.all_objects.count(), AuditEntry.objects.count())
    late = [*good, ["C-1", "重复", bijie.name, "捐赠", "计划", "520521", "教育", None, 1, ""]]
    late.append(["C-7", "无地区", bijie.name, "捐赠", "计划", "990000", "教育", None, 1, ""])
    result = run(xlsx([HEADER, *late]), users["coordinator"])
    assert [(e.row, e.column) for e in result.errors] == [(7, "编号"), (8, "区划代码")]
    assert "第2行" in result.errors[0].message
    assert (result.created, result.batch) == (0, None)
    assert (Project.all_objects.count(), AuditEntry.objects.count()) == before
    first = run(xlsx([HEADER, *good]), users["coordinator"])
    assert first.ok and first.created == 5
    (entry,) = AuditEntry.objects.filter(batch=first.batch)  # one program, consecutive ids: one run
    assert entry.changes["rows"] == [None, 5] and entry.program_id == bijie.pk
    again = run(xlsx([HEADER, *good]), users["coordinator"])
    assert (again.created, again.unchanged) == (0, 5)
    assert sorted(Project.objects.filter(code__startswith="C-").values_list("committed", flat=True)) == [
        Decimal(n) for n in range(1, 6)
    ]
