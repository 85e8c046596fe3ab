"""Matching in a real browser: run a match on a small program, review a suggestion, accept it."""

from playwright.sync_api import expect

from tongxin.core.permissions import SYSTEM
from tongxin.matching.models import Match, MatchStatus, NeedStatus
from tongxin.matching.tests.factories import needs_and_offers
from tongxin.pairings.models import Pairing
from tongxin.programs.models import Program


def test_coordinator_runs_reviews_and_accepts(login, demo_site):
    program = Program.objects.get(short_name="组团式帮扶毕节")
    needs, _ = needs_and_offers(program, actor=SYSTEM)
    page = login("coordinator")
    page.goto(f"{demo_site}/matching/programs/{program.pk}/")
    page.get_by_role("button", name="开始对接计算").click()
    expect(page.locator("#certificate")).to_contain_text("差距 0", timeout=60000)
    tea = Match.objects.get(need=needs[0], status=MatchStatus.PROPOSED)
    card = page.locator(f"#match-{tea.pk}")
    card.get_by_text("为什么推荐").click()
    expect(card.locator(".phrases")).to_contain_text("冷链")
    clinic = Match.objects.get(need=needs[1])
    other = page.locator(f"#match-{clinic.pk}")
    other.get_by_role("button", name="拒绝").click()
    expect(other.get_by_role("alert")).to_contain_text("请填写拒绝理由")
    other.get_by_placeholder("拒绝理由").fill("已另行安排")
    other.get_by_role("button", name="拒绝").click()
    expect(page.locator(f"#match-{clinic.pk}")).to_have_attribute("data-status", "rejected")
    card.get_by_role("button", name="接受").click()
    expect(page.locator(f"#match-{tea.pk}")).to_have_attribute("data-status", "accepted")
    page.locator(f"#match-{tea.pk}").get_by_role("button", name="双方达成一致,登记结对").click()
    expect(page.locator(f"#match-{tea.pk}")).to_contain_text("已结对")
    tea.refresh_from_db()
    assert tea.need.status == NeedStatus.MATCHED and Pairing.objects.filter(pk=tea.pairing_id).exists()


def test_best_partners_on_a_need_page_at_phone_width(browser, demo_site, demo_password):
    program = Program.objects.get(short_name="组团式帮扶毕节")
    needs, offers = needs_and_offers(program, actor=SYSTEM)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{demo_site}/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", demo_password)
    page.click("#login button[type=submit]")
    page.wait_for_url(f"{demo_site}/")
    page.goto(f"{demo_site}/matching/needs/{needs[1].pk}/")
    first = page.locator("#partners .partner").first
    expect(first).to_have_attribute("data-offer", str(offers[1].pk))
    expect(first.locator(".phrases")).to_contain_text("义诊")
    page.select_option("select[name=k]", "3")
    expect(page.locator("#partners .partner")).to_have_count(3)
    context.close()
