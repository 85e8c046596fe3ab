"""Journeys across apps, in a real browser."""

from playwright.sync_api import expect

from tongxin.orgs.models import Organization
from tongxin.programs.models import Assignment, Program


def test_coordinator_sees_minjin_in_jinsha_education_cell(login, demo_site):
    page = login("coordinator")
    page.get_by_role("link", name="统一战线“地域+领域”组团式帮扶毕节").first.click()
    cell = page.locator('tr[data-region="520523"] td[data-domain="education"]')
    expect(cell).to_contain_text("民进中央")
    expect(page.locator('tr[data-region="520521"] td[data-domain="health"]')).to_contain_text("农工党中央")


def test_coordinator_adds_a_cell_through_htmx(login, demo_site):
    page = login("coordinator")
    program = Program.objects.get(short_name="组团式帮扶毕节")
    page.goto(f"{demo_site}/programs/{program.pk}/")
    minmeng = Organization.objects.get(short_name="民盟中央")
    page.select_option("#id_organization", str(minmeng.pk))
    page.fill("#id_region", "纳雍县")
    page.select_option("#id_domain", label="教育")
    page.get_by_role("button", name="添加").click()
    expect(page.locator('tr[data-region="520525"] td[data-domain="education"]')).to_contain_text("民盟中央")
    assert Assignment.objects.filter(program=program, region_id="520525", organization=minmeng).exists()


def test_minmeng_is_refused_an_edit_of_minjian(login, demo_site):
    page = login("minmeng")
    minjian = Organization.objects.get(short_name="民建中央")
    page.goto(f"{demo_site}/organizations/{minjian.pk}/")
    expect(page.get_by_role("heading", name="中国民主建国会中央委员会")).to_be_visible()
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    response = page.goto(f"{demo_site}/organizations/{minjian.pk}/edit/")
    assert response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("无权")


def test_member_edits_own_organization_and_sees_history(login, demo_site):
    page = login("minjian")
    minjian = Organization.objects.get(short_name="民建中央")
    page.goto(f"{demo_site}/organizations/{minjian.pk}/")
    page.get_by_role("link", name="编辑").click()
    page.fill("#id_description", "参政党,致力于“民建所长”与“安庆所需”相结合")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.get_by_role("link", name="修改记录").click()
    expect(page.locator("table")).to_contain_text("民建所长")
    expect(page.locator("table")).to_contain_text("minjian")


def test_phone_width_program_page_scrolls_matrix(browser, demo_site, demo_password):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{demo_site}/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", demo_password)
    page.click("#login button[type=submit]")
    program = Program.objects.get(short_name="组团式帮扶毕节")
    page.goto(f"{demo_site}/programs/{program.pk}/")
    body_width = page.evaluate("document.body.scrollWidth")
    assert body_width <= 400
    context.close()
