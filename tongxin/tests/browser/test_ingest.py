"""Issue 6 in a browser: upload an article, confirm one figure, see it with its provenance."""

from playwright.sync_api import expect

from tongxin.programs.models import Program

ARTICLE = "帮扶纪实\n\n2023年7月以来,统一战线在毕节实施帮扶项目1383个、投入资金4.67亿元。(完)\n"


def test_upload_confirm_and_see_provenance(login, demo_site, tmp_path):
    page = login("coordinator")
    program = Program.objects.get(short_name="组团式帮扶毕节")
    article = tmp_path / "纪实.txt"
    article.write_text(ARTICLE, encoding="gbk")
    page.goto(f"{demo_site}/ingest/upload/")
    page.select_option("#id_program", str(program.pk))
    page.fill("#id_title", "毕节帮扶纪实")
    page.set_input_files("#id_file", str(article))
    page.get_by_role("button", name="读取数字").click()
    expect(page.locator(".ingest-text mark")).to_have_count(2)
    row = page.locator("tr[data-fact]", has_text="项目1383个")
    row.locator("summary").click()
    row.locator("input[name$='-indicator']").fill("帮扶项目")
    row.get_by_role("button", name="确认").click()
    expect(page.locator(".messages")).to_contain_text("已确认")
    page.goto(f"{demo_site}/programs/{program.pk}/")
    reported = page.locator("table.reported tr", has_text="帮扶项目")
    expect(reported).to_contain_text("1383")
    expect(reported).to_contain_text("毕节帮扶纪实")
    expect(reported).to_contain_text("项目1383个")
    expect(reported).to_contain_text("毕节帮扶工作专班")


def test_correct_then_delete_a_confirmed_value(login, demo_site, tmp_path):
    """A confirmed value is corrected from the program page, then deleted after a confirmation;
    its history shows both, and the document still links it as deleted."""
    page = login("coordinator")
    program = Program.objects.get(short_name="组团式帮扶毕节")
    page.goto(f"{demo_site}/ingest/upload/")
    page.select_option("#id_program", str(program.pk))
    page.fill("#id_title", "待修正纪实")
    page.fill("#id_text", ARTICLE)
    page.get_by_role("button", name="读取数字").click()
    row = page.locator("tr[data-fact]", has_text="项目1383个")
    row.locator("summary").click()
    row.locator("input[name$='-indicator']").fill("帮扶项目")
    row.get_by_role("button", name="确认").click()
    expect(page.locator(".messages")).to_contain_text("已确认")
    document_url = page.url.split("#")[0]

    page.goto(f"{demo_site}/programs/{program.pk}/")
    reported = page.locator("table.reported tr", has_text="帮扶项目")
    reported.get_by_role("link", name="修改").click()
    page.fill("#id_value", "1390")
    page.select_option("#id_approx", "over")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{demo_site}/programs/{program.pk}/")
    expect(page.locator(".messages")).to_contain_text("已修改")
    reported = page.locator("table.reported tr", has_text="帮扶项目")
    expect(reported).to_contain_text("1390")
    expect(reported).to_contain_text("项目1383个")  # the source quote is kept

    reported.get_by_role("link", name="删除").click()
    expect(page.locator("main")).to_contain_text("确定删除")
    page.get_by_role("button", name="确认删除").click()
    page.wait_for_url(f"{demo_site}/programs/{program.pk}/")
    expect(page.locator(".messages")).to_contain_text("已删除")
    expect(page.locator("table.reported tr", has_text="帮扶项目")).to_have_count(0)

    page.goto(document_url)
    expect(page.locator("tr[data-fact]", has_text="项目1383个")).to_contain_text("已删除")
    from tongxin.indicators.models import ReportedValue

    value = ReportedValue.all_objects.get(indicator__name="帮扶项目", source_label="待修正纪实")
    page.goto(f"{demo_site}/history/indicators.ReportedValue/{value.pk}/")
    history = page.locator("main")
    for label in ("确认上报数据", "修改上报数据", "删除上报数据"):
        expect(history).to_contain_text(label)
