"""项目台账 in a real browser: filter → totals → export → re-import the exported file (no duplicates)."""

from decimal import Decimal

from django.db.models import Sum
from playwright.sync_api import expect

from tongxin.programs.models import Program
from tongxin.projects import demo
from tongxin.projects.models import Project


def test_filter_totals_export_and_reimport(login, demo_site, tmp_path):
    demo.load()
    page = login("coordinator")
    bijie = Program.objects.get(short_name="组团式帮扶毕节")
    page.goto(f"{demo_site}/ledgers/projects/?program={bijie.pk}")
    expect(page.locator("[data-total-count]")).to_have_text("1383")

    page.fill("#f-region", "织金县")
    page.fill("#f-domain", "教育")
    page.get_by_role("button", name="筛选").click()
    rows = Project.objects.filter(program=bijie, region__code__startswith="520524", domain__code="education")
    expected = rows.count()
    assert expected > 0
    expect(page.locator("[data-total-count]")).to_have_text(str(expected))
    total = rows.aggregate(s=Sum("committed"))["s"]
    expect(page.locator('[data-total="committed"]')).to_have_text(f"{Decimal(total):,.2f}")
    assert "region=" in page.url and "domain=" in page.url  # htmx pushed the filtered URL

    with page.expect_download() as info:
        page.locator("#export").click()
    exported = tmp_path / "export.xlsx"
    info.value.save_as(exported)

    before = Project.objects.count()
    page.goto(f"{demo_site}/ledgers/projects/import/")
    page.set_input_files("#file", str(exported))
    page.get_by_role("button", name="校验并导入").click()
    expect(page.get_by_role("status")).to_contain_text(f"未变 {expected} 条")
    expect(page.get_by_role("status")).to_contain_text("新增 0 条")
    assert Project.objects.count() == before


def test_program_page_charts_drill_into_the_ledger(login, demo_site):
    from tongxin.investments import demo as investments_demo

    demo.load()
    investments_demo.load()
    page = login("coordinator")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    bijie = Program.objects.get(short_name="组团式帮扶毕节")
    page.goto(f"{demo_site}/programs/{bijie.pk}/")
    expect(page.locator('[data-figure="projects.count"]')).to_contain_text("1,383")
    expect(page.locator('[data-figure="projects.committed"]')).to_contain_text("4.67亿")
    expect(page.locator('[data-figure="investments.fulfilment"]')).to_contain_text("96.46%")
    for chart in ("#chart-project-domains", "#chart-project-regions", "#chart-contract-funnel"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    assert not errors
    page.get_by_role("link", name="地区 × 领域汇总").click()
    expect(page.locator("[data-pivot-total]")).to_have_text("1,383")
    page.locator("table.pivot tbody a").first.click()
    assert "/ledgers/projects/?" in page.url
    expect(page.locator("[data-total-count]")).not_to_have_text("0")
