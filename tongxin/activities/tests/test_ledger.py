"""活动台账: the page's totals over the filtered rows, an export of exactly those rows, and an import
that writes nothing when one row is wrong and names that row, then writes every row once."""

import io

import openpyxl
import pytest
import xlsxwriter

from tongxin.core import audit
from tongxin.core.ledger import importer
from tongxin.core.models import AuditEntry
from tongxin.proposals import people

from ..ledgers import ACTIVITIES
from ..models import Activity
from .factories import D, activity, campaign

pytestmark = pytest.mark.django_db

HEADER = ["编号", "名称", "类型", "项目群", "主办单位", "日期", "区划代码", "参加人数", "参加人次"]


def workbook(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("活动")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


@pytest.fixture
def meetings():
    return [
        activity(code="T-A1", participants=30, person_times=60),
        activity(code="T-A2", title="企业家培训班", kind="training", participants=20, region="371302"),
        activity(code="T-A3", title="兰山区民生议事堂", participants=15, region="371302"),
    ]


def test_page_totals_and_export_are_the_filtered_rows(client, meetings):
    client.force_login(people.users()["linyi"])
    page = client.get(f"/ledgers/activities/?program={campaign().pk}&region=371302&q=T-A")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<strong data-total-count>2</strong>" in body
    assert 'data-total="participants">35<' in body and 'data-total="person_times">35<' in body
    export = client.get(f"/ledgers/activities/export.xlsx?program={campaign().pk}&region=371302&q=T-A")
    sheet = list(
        openpyxl.load_workbook(
            io.BytesIO(b"".join(export.streaming_content)), read_only=True
        ).active.iter_rows(values_only=True)
    )
    header = sheet[0]
    codes = sorted(
        r[header.index("编号")] for r in sheet[1:] if r[header.index("编号")] in ("T-A1", "T-A2", "T-A3")
    )
    assert codes == ["T-A2", "T-A3"]
    total = next(r for r in sheet if r[0] and str(r[0]).startswith("合计"))
    assert total[header.index("参加人次")] == 35
    assert client.get("/ledgers/activities/?region=不存在的地方").status_code == 422


def test_import_is_all_or_nothing_with_a_row_level_error(users):
    coordinator = people.users()["linyi"]
    good = [
        "IMP-1",
        "党外人士协商会(导入)",
        "协商会/民生议事堂",
        "建言献策",
        "临沂市委统战部",
        "2025-03-01",
        "371300",
        30,
        30,
    ]
    also = [
        "IMP-2",
        "企业家培训班(导入)",
        "培训",
        "建言献策",
        "临沂市委统战部",
        "2025-03-02",
        "371302",
        40,
        80,
    ]
    wrong = [
        "IMP-3",
        "路演活动(导入)",
        "推介/路演",
        "建言献策",
        "不存在的主办单位",
        "2025-03-03",
        "371300",
        10,
        10,
    ]
    before = (Activity.all_objects.count(), AuditEntry.objects.count())
    result = importer.run(
        ACTIVITIES, actor=coordinator, name="活动.xlsx", data=workbook([HEADER, good, also, wrong])
    )
    assert not result.ok
    [error] = result.errors
    assert (error.row, error.column) == (4, "主办单位") and "不存在的主办单位" in str(error)
    assert (Activity.all_objects.count(), AuditEntry.objects.count()) == before

    result = importer.run(
        ACTIVITIES, actor=coordinator, name="活动.xlsx", data=workbook([HEADER, good, also])
    )
    assert result.ok and result.created == 2
    made = Activity.objects.get(code="IMP-2")
    assert (made.kind, made.region_id, made.person_times, made.program) == (
        "training",
        "371302",
        80,
        campaign(),
    )
    entry = audit.history(made).get()
    assert entry.source == AuditEntry.Source.IMPORT and entry.actor_id == coordinator.pk
    again = importer.run(ACTIVITIES, actor=coordinator, name="活动.xlsx", data=workbook([HEADER, good, also]))
    assert again.ok and again.created == 0 and Activity.objects.filter(code__startswith="IMP-").count() == 2
    viewer = importer.run(
        ACTIVITIES,
        actor=users["viewer"],
        name="活动.xlsx",
        data=workbook(
            [
                HEADER,
                [
                    "IMP-9",
                    "只读用户的活动",
                    "座谈会",
                    "建言献策",
                    "临沂市委统战部",
                    "2025-03-01",
                    "371300",
                    5,
                    5,
                ],
            ]
        ),
    )
    assert not viewer.ok and not Activity.objects.filter(code="IMP-9").exists()
    assert D(2025, 3, 1) == Activity.objects.get(code="IMP-1").held_on
