import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter

from tongxin.core import audit, figures
from tongxin.core.errors import Conflict, Forbidden, Invalid
from tongxin.core.ledger import importer
from tongxin.core.permissions import SYSTEM
from tongxin.regions.models import Region
from tongxin.sites import services
from tongxin.sites.ledgers import SITES
from tongxin.sites.models import Evaluation, Grade, Score, Site, Status

ITEMS = [
    ("组织建设", Decimal(1), Decimal(20)),
    ("活动开展", Decimal(2), Decimal(40)),
    ("服务成效", Decimal(1), Decimal(40)),
]


@pytest.fixture
def linyi(program):
    return program("临沂五大行动")


@pytest.fixture
def campaign(program):
    return program("创新创造")


@pytest.fixture
def coordinator(db, linyi):
    """A 临沂 工作专班 user: coordinator of the parent program reaches the five campaigns."""
    from tongxin.accounts.services import grant_create, user_ensure

    user = user_ensure(username="linyi_test", password="x" * 12)
    grant_create(actor=SYSTEM, user=user, role="coordinator", program=linyi)
    return user


@pytest.fixture
def template(db):
    return services.template_create(actor=SYSTEM, name="测试模板", items=ITEMS)


def make_site(campaign, org, **extra):
    data = {
        "name": "兰山区新阶层服务站",
        "kind": "service_station",
        "series": "新阶层服务站",
        "tier": "county",
        "region": Region.objects.get(code="371302"),
        "host": org("临沂市委统战部"),
        "program": campaign,
        "designated_on": dt.date(2023, 5, 1),
    }
    data.update(extra)
    return services.site_create(actor=SYSTEM, **data)


def test_status_follows_the_table_and_is_audited(campaign, org, coordinator):
    site = make_site(campaign, org)
    services.site_set_status(actor=coordinator, site=site, status=Status.SUSPENDED, on=dt.date(2024, 1, 2))
    services.site_set_status(actor=coordinator, site=site, status=Status.WITHDRAWN, on=dt.date(2024, 3, 1))
    site.refresh_from_db()
    assert (site.status, site.status_on) == (Status.WITHDRAWN, dt.date(2024, 3, 1))
    with pytest.raises(Invalid, match="摘牌"):
        services.site_set_status(actor=coordinator, site=site, status=Status.ACTIVE)
    actions = [e.action for e in audit.history(site)]
    assert actions.count("sites.status") == 2 and "created" in actions


def test_weighted_total_grade_and_history(campaign, org, coordinator, template):
    site = make_site(campaign, org)
    evaluation = services.evaluation_record(
        actor=coordinator,
        site=site,
        year=2024,
        template=template,
        scores={"组织建设": 18, "活动开展": Decimal("35.5"), "服务成效": 30},
        evaluated_on=dt.date(2025, 1, 10),
    )
    # 18×1 + 35.5×2 + 30×1 = 119 of 20 + 80 + 40 = 140 → 85.00 % → 良好
    assert (evaluation.total, evaluation.maximum, evaluation.percent) == (
        Decimal("119.00"),
        Decimal("140.00"),
        Decimal("85.00"),
    )
    assert evaluation.grade == Grade.GOOD
    # Editing the template later does not rewrite the past year.
    template.items.filter(name="服务成效").update(max_score=100)
    evaluation.refresh_from_db()
    assert evaluation.scores.get(name="服务成效").max_score == Decimal(40)
    assert evaluation.percent == Decimal("85.00")
    assert any(e.action == "sites.evaluated" for e in audit.history(evaluation))


def test_score_above_maximum_is_refused_and_nothing_written(campaign, org, coordinator, template):
    site = make_site(campaign, org)
    with pytest.raises(Invalid) as exc:
        services.evaluation_record(
            actor=coordinator,
            site=site,
            year=2024,
            template=template,
            scores={"组织建设": 21, "活动开展": 30, "服务成效": 30},
        )
    assert "组织建设" in exc.value.fields and "超过该项满分20" in exc.value.message
    assert (
        not Evaluation.all_objects.filter(site=site).exists()
        and not Score.objects.filter(evaluation__site=site).exists()
    )
    with pytest.raises(Invalid, match="未评分"):
        services.evaluation_record(
            actor=coordinator, site=site, year=2024, template=template, scores={"组织建设": 1}
        )


def test_one_evaluation_a_year_and_not_before_designation(campaign, org, coordinator, template):
    site = make_site(campaign, org)
    scores = {"组织建设": 10, "活动开展": 10, "服务成效": 10}
    services.evaluation_record(actor=coordinator, site=site, year=2024, template=template, scores=scores)
    with pytest.raises(Invalid, match="已有考核记录"):
        services.evaluation_record(actor=coordinator, site=site, year=2024, template=template, scores=scores)
    with pytest.raises(Invalid, match="早于挂牌"):
        services.evaluation_record(actor=coordinator, site=site, year=2022, template=template, scores=scores)
    ev = Evaluation.objects.get(site=site, year=2024)
    assert ev.grade == Grade.FAIL  # 40 of 140


def test_members_and_viewers_cannot_evaluate_and_templates_are_admin_only(campaign, org, users, template):
    site = make_site(campaign, org)
    with pytest.raises((Forbidden, Exception)):
        services.evaluation_record(
            actor=users["minjian"], site=site, year=2024, template=template, scores={"组织建设": 1}
        )
    with pytest.raises(Forbidden):
        services.template_create(actor=users["coordinator"], name="x", items=ITEMS)


def test_concurrent_edits_are_not_lost(campaign, org, coordinator):
    site = make_site(campaign, org)
    services.site_update(actor=coordinator, site=site, data={"address": "兰山区"}, expected_version=1)
    stale = Site.objects.get(pk=site.pk)
    stale.version = 1
    with pytest.raises(Conflict):
        services.site_update(actor=coordinator, site=stale, data={"address": "河东区"}, expected_version=1)
    assert Site.objects.get(pk=site.pk).address == "兰山区"


def test_program_figure_counts_live_sites_of_sub_programs(linyi, campaign, org):
    before = figures.value("sites.count", linyi)
    a = make_site(campaign, org, designated_on=dt.date(2022, 1, 5))
    make_site(campaign, org, region=Region.objects.get(code="371312"))
    services.site_set_status(actor=SYSTEM, site=a, status=Status.WITHDRAWN)
    assert figures.value("sites.count", linyi) == before + 1
    assert figures.value("sites.count", linyi, region="371312") >= 1
    period = figures.Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert figures.value("sites.count", linyi, period=period) == 1
    assert figures.summary(linyi)["sites"] == before + 1


def test_api_list_detail_create_and_evaluate(api_client, campaign, org, template, linyi):
    make_site(campaign, org)
    client = api_client.as_user("admin")
    listed = client.get(f"/api/sites?program={linyi.pk}&series=新阶层服务站").json()
    assert listed["count"] == 1 and listed["totals"]["active"] == 1
    host = org("临沂市委统战部")
    bad = client.send(
        "post",
        "/api/sites",
        {
            "name": "x",
            "kind": "library",
            "tier": "county",
            "region": "999999",
            "host": host.pk,
            "designated_on": "2024-01-01",
        },
    )
    assert bad.status_code == 422 and "region" in bad.json()["fields"]
    made = client.send(
        "post",
        "/api/sites",
        {
            "name": "沂南县农家书屋",
            "kind": "library",
            "tier": "county",
            "region": "371321",
            "host": host.pk,
            "program": campaign.pk,
            "designated_on": "2024-01-01",
        },
    )
    assert made.status_code == 201, made.content
    site_id = made.json()["id"]
    items = {i["name"]: i["id"] for i in template.items.values("name", "id")}
    over = client.send(
        "post",
        f"/api/sites/{site_id}/evaluations",
        {
            "year": 2024,
            "template": template.pk,
            "scores": {str(items["组织建设"]): 25, "活动开展": 1, "服务成效": 1},
        },
    )
    assert over.status_code == 422 and "组织建设" in over.json()["fields"]
    ok = client.send(
        "post",
        f"/api/sites/{site_id}/evaluations",
        {"year": 2024, "template": template.pk, "scores": {"组织建设": 20, "活动开展": 40, "服务成效": 38}},
    )
    assert ok.status_code == 201 and ok.json()["grade"] == "excellent"
    detail = client.get(f"/api/sites/{site_id}").json()
    assert [e["year"] for e in detail["evaluations"]] == [2024]


def _workbook(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("阵地")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def test_import_is_all_or_nothing_with_row_errors(users, campaign):
    header = ["编号", "名称", "类型", "系列", "级别", "区划代码", "依托单位", "项目群", "挂牌日期"]
    good = [
        "T-1",
        "费县新阶层服务站",
        "服务站",
        "新阶层服务站",
        "县级",
        "371325",
        "临沂市委统战部",
        "创新创造",
        "2023-04-01",
    ]
    bad = ["T-2", "蒙阴县孵化器", "孵化器", "", "县级", "371328", "不存在的单位", "创新创造", "2023-04-01"]
    result = importer.run(SITES, actor=users["admin"], name="s.xlsx", data=_workbook([header, good, bad]))
    assert not result.ok and result.errors[0].row == 3 and "不存在的单位" in str(result.errors[0])
    assert not Site.objects.filter(code__in=["T-1", "T-2"]).exists()
    result = importer.run(SITES, actor=users["admin"], name="s.xlsx", data=_workbook([header, good]))
    assert result.ok and result.created == 1
    again = importer.run(SITES, actor=users["admin"], name="s.xlsx", data=_workbook([header, good]))
    assert again.ok and Site.objects.filter(code="T-1").count() == 1


def test_pages(client, users, campaign, org, template):
    site = make_site(campaign, org)
    client.force_login(users["admin"])
    page = client.get(f"/sites/{site.pk}/")
    assert page.status_code == 200 and "历年考核" in page.content.decode()
    response = client.post(
        f"/sites/{site.pk}/evaluations/",
        {
            "template": template.pk,
            "year": 2024,
            **{f"item_{i.pk}": i.max_score for i in template.items.all()},
        },
    )
    assert response.status_code == 302
    assert Evaluation.objects.get(site=site).grade == Grade.EXCELLENT
    assert client.get("/ledgers/sites/?series=新阶层服务站").status_code == 200
    assert client.get("/ledgers/site_evaluations/export.xlsx").status_code == 200
    client.force_login(users["viewer"])
    assert client.get(f"/sites/{site.pk}/").status_code == 200


def test_evidence_is_served_through_the_permission_check(client, users, campaign, org, template):
    from django.core.files.uploadedfile import SimpleUploadedFile

    site = make_site(campaign, org)
    client.force_login(users["admin"])
    client.post(
        f"/sites/{site.pk}/evaluations/",
        {
            "template": template.pk,
            "year": 2024,
            "evidence": SimpleUploadedFile("台账照片.pdf", b"%PDF-1.4 evidence"),
            **{f"item_{i.pk}": i.max_score for i in template.items.all()},
        },
    )
    evidence = Evaluation.objects.get(site=site).evidence.get()
    link = f"/sites/evidence/{evidence.pk}/"
    assert link in client.get(f"/sites/{site.pk}/").content.decode()
    response = client.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    # 毕节's staff see nothing of a 临沂 site, and the file is no more visible than its record.
    client.force_login(users["bijie"])
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code in (302, 404)
