"""建言献策 in a real browser: one proposal walked through the pages from submission to conversion
into a measure (submit → forward → adopt → instruct → assign with a deadline → reply → close →
convert), then counted on the program page's ladder."""

from playwright.sync_api import expect

from tongxin.programs.models import Program
from tongxin.proposals import people, selectors
from tongxin.proposals.models import Measure, Proposal, StepKind, Task

TITLE = "关于设立民营企业融资服务中心的建议"


def record(page, kind: str, on: str, **fields) -> None:
    """Fill the one step form of the proposal page and wait for the stage it leads to."""
    form = page.locator("#step-form")
    form.locator("#id_kind").select_option(kind)
    form.locator("#id_on").fill(on)
    for name, value in fields.items():
        field = form.locator(f"#id_{name}")
        if name == "level":
            field.select_option(value)
        else:
            field.fill(value)
    form.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text(f"已登记“{StepKind(kind).label}”")
    expect(page.locator(f'#ladder li[data-kind="{kind}"]').last).to_be_visible()


def test_a_proposal_from_submission_to_a_measure(login, demo_site):
    people.users()
    submitter = people.submitters()[0]
    lead = people.departments()[0]
    parent = Program.objects.get(short_name="临沂五大行动")
    campaign = Program.objects.get(short_name="建言献策")
    page = login("linyi")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # submit, from the campaign's own page (its coordinator works at the parent program)
    page.goto(f"{demo_site}/programs/{campaign.pk}/")
    page.locator("#proposals-panel").get_by_role("link", name="登记建议").click()
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "suggestion")
    page.fill("#id_submitters", submitter.short_name)
    page.fill("#id_submitted_on", "2025-03-03")
    page.fill("#id_text", "建议设立面向民营企业的一站式融资服务中心。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#stage")).to_have_attribute("data-stage", "submitted")
    proposal = Proposal.objects.get(title=TITLE)
    assert page.url.endswith(f"/proposals/{proposal.pk}/")

    record(page, "forwarded", "2025-03-05", body="临沂市委统战部", level="municipal")
    record(page, "adopted", "2025-03-10", body="中央统战部", level="national")
    record(
        page,
        "instructed",
        "2025-03-14",
        body="临沂市委",
        level="municipal",
        person="市委主要负责同志",
        text="请市发改委研究落实",
    )
    record(page, "assigned", "2025-03-17", lead=lead.short_name, due="2025-04-10")
    task = Task.objects.get(proposal=proposal)
    assert task.lead == lead and task.due.isoformat() == "2025-04-10"
    expect(page.locator(f'[data-task="{task.pk}"]')).to_contain_text("反馈期限 2025-04-10")
    record(page, "replied", "2025-03-25", text="已制定融资服务方案")
    record(page, "closed", "2025-03-28", text="设立民企融资服务中心")
    expect(page.locator(f'[data-task="{task.pk}"]')).to_contain_text("办结 2025-03-28")
    record(
        page,
        "converted",
        "2025-04-20",
        title="临沂市民营企业融资服务十条",
        body="临沂市人民政府",
        level="municipal",
    )
    expect(page.locator("#stage")).to_have_attribute("data-stage", "converted")

    measure = Measure.objects.get(proposals=proposal)
    page.get_by_role("link", name="临沂市民营企业融资服务十条").click()
    expect(page.get_by_role("heading", name="临沂市民营企业融资服务十条")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert page.url.endswith(f"/proposals/measures/{measure.pk}/")
    kinds = [s.kind for s in selectors.steps_of(proposal)]
    assert kinds == [
        "submitted",
        "forwarded",
        "adopted",
        "instructed",
        "assigned",
        "replied",
        "closed",
        "converted",
    ]

    # counted on the program page's ladder, from the records
    user = people.users()["linyi"]
    counts = selectors.ladder_counts(selectors.proposal_list(user=user, program=parent))
    assert counts["converted"] >= 1 and counts["instructed"] >= 1
    page.goto(f"{demo_site}/programs/{parent.pk}/")
    ladder = page.locator("#proposals-panel")
    for kind in ("submitted", "adopted", "instructed", "assigned", "closed", "converted"):
        expect(ladder.locator(f'[data-step="{kind}"] strong')).to_have_text(str(counts[kind]))
    assert not errors
