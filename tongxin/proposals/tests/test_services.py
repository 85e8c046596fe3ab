"""The ladder: steps in order with who and when, refusals that write nothing, counts and figures."""

import datetime as dt

import pytest

from tongxin.core import audit, figures
from tongxin.core.errors import Conflict, Forbidden, Invalid, NotFound
from tongxin.core.permissions import SYSTEM
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from .. import people, selectors, services
from ..models import Level, Proposal, Step, StepKind, Task
from .factories import proposal

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def actors():
    return people.users()


def test_walk_the_ladder_to_a_measure(actors):
    coordinator = actors["linyi"]
    fgw, gxj = people.departments()[:2]
    p = proposal(actor=coordinator)
    services.proposal_step_add(
        actor=coordinator,
        proposal=p,
        kind=StepKind.FORWARDED,
        on=D(2025, 3, 5),
        body="临沂市委统战部",
        level=Level.MUNICIPAL,
    )
    services.proposal_step_add(
        actor=coordinator,
        proposal=p,
        kind=StepKind.ADOPTED,
        on=D(2025, 3, 10),
        body="中央统战部",
        level=Level.NATIONAL,
    )
    services.proposal_step_add(
        actor=coordinator,
        proposal=p,
        kind=StepKind.ADOPTED,
        on=D(2025, 3, 12),
        body="山东省政协",
        level=Level.PROVINCIAL,
    )
    services.proposal_step_add(
        actor=coordinator,
        proposal=p,
        kind=StepKind.INSTRUCTED,
        on=D(2025, 3, 14),
        body="临沂市委",
        level=Level.MUNICIPAL,
        person="市委主要负责同志",
        text="请市发改委研究落实",
    )
    task = services.proposal_assign(
        actor=coordinator, proposal=p, lead=fgw, assisting=[gxj], on=D(2025, 3, 17)
    )
    assert task.claim_due == D(2025, 3, 20) and task.due == D(2025, 4, 8)  # 15 working days, 04-04 清明 off
    services.task_reply(actor=actors["linyi_fgw"], task=task, on=D(2025, 4, 1), text="已制定融资服务方案")
    services.task_close(actor=coordinator, task=task, on=D(2025, 4, 3), measure_taken="设立民企融资服务中心")
    measure = services.measure_create(
        actor=coordinator,
        proposals=[p],
        title="临沂市民营企业融资服务十条",
        issuing_body="临沂市人民政府",
        level=Level.MUNICIPAL,
        issued_on=D(2025, 4, 20),
    )
    p.refresh_from_db()
    assert p.stage == StepKind.CONVERTED and p.version == 9
    assert list(measure.proposals.all()) == [p]
    kinds = [s.kind for s in selectors.steps_of(p)]
    assert kinds == [
        "submitted",
        "forwarded",
        "adopted",
        "adopted",
        "instructed",
        "assigned",
        "replied",
        "closed",
        "converted",
    ]
    task.refresh_from_db()
    assert task.claimed_on == D(2025, 4, 1) and task.closed_on == D(2025, 4, 3)
    actions = set(audit.history(p).values_list("action", flat=True))
    assert {
        "proposals.adopted",
        "proposals.instructed",
        "proposals.assigned",
        "proposals.converted",
    } <= actions
    counts = selectors.ladder_counts(Proposal.objects.filter(pk=p.pk))
    assert counts["adopted"] == 1 and counts["instructed"] == 1 and counts["converted"] == 1
    assert counts["suggestions"] == 1 and counts["reports"] == 0
    # A wrongly recorded measure is withdrawn with its 转化 step; the proposal falls back to 办结.
    services.measure_delete(actor=coordinator, measure=measure)
    p.refresh_from_db()
    assert p.stage == StepKind.CLOSED
    assert selectors.ladder_counts(Proposal.objects.filter(pk=p.pk))["converted"] == 0
    assert audit.history(measure).filter(action="deleted").exists()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda p, a, d: services.proposal_step_add(
                actor=a, proposal=p, kind="adopted", on=D(2025, 3, 1), body="市政协"
            ),
            "早于建议提交日期",
        ),
        (
            lambda p, a, d: services.proposal_step_record(
                actor=a, proposal=p, kind="replied", data={"on": D(2025, 3, 9), "text": "x"}
            ),
            "尚未交办",
        ),
        (
            lambda p, a, d: services.proposal_step_record(
                actor=a, proposal=p, kind="closed", data={"on": D(2025, 3, 9), "text": "x"}
            ),
            "尚未交办",
        ),
        (
            lambda p, a, d: services.proposal_assign(
                actor=a, proposal=p, lead=d, on=D(2025, 3, 10), due=D(2025, 3, 10)
            ),
            "必须晚于交办日期",
        ),
        (
            lambda p, a, d: services.proposal_assign(
                actor=a, proposal=p, lead="临沂市不存在局", on=D(2025, 3, 10)
            ),
            "未知单位",
        ),
        (
            lambda p, a, d: services.proposal_step_add(
                actor=a, proposal=p, kind="instructed", on=D(2025, 3, 10), body="市委"
            ),
            "批示须填写",
        ),
    ],
)
def test_bad_steps_are_refused_and_write_nothing(actors, call, message):
    p = proposal()
    before = (Step.objects.count(), Task.objects.count(), p.version)
    with pytest.raises(Invalid) as exc:
        call(p, actors["linyi"], people.departments()[0])
    assert message in exc.value.message
    p.refresh_from_db()
    assert (Step.objects.count(), Task.objects.count(), p.version) == before


def test_claim_deadline_before_the_assignment_is_refused_and_writes_nothing(actors):
    p = proposal()
    before = (Step.objects.count(), Task.objects.count(), p.version, audit.history(p).count())
    with pytest.raises(Invalid) as exc:
        services.proposal_assign(
            actor=actors["linyi"],
            proposal=p,
            lead=people.departments()[0],
            on=D(2025, 3, 10),
            claim_due=D(2025, 3, 7),
            due=D(2025, 3, 31),
        )
    assert exc.value.fields["claim_due"] == ["领办期限不能早于交办日期。"]
    p.refresh_from_db()
    assert (Step.objects.count(), Task.objects.count(), p.version, audit.history(p).count()) == before
    assert p.stage == StepKind.SUBMITTED
    same_day = services.proposal_assign(
        actor=actors["linyi"],
        proposal=p,
        lead=people.departments()[0],
        on=D(2025, 3, 10),
        claim_due=D(2025, 3, 10),
    )
    assert same_day.claim_due == D(2025, 3, 10)


def test_reply_without_assignment_is_refused(actors):
    p = proposal()
    other = proposal(title="另一条建议")
    task = services.proposal_assign(
        actor=actors["linyi"], proposal=other, lead=people.departments()[0], on=D(2025, 3, 10)
    )
    task.proposal = p  # a task of another proposal cannot stand in for an assignment of this one
    with pytest.raises(Invalid, match="尚未交办"):
        services.task_reply(actor=actors["linyi"], task=task, on=D(2025, 3, 12), text="已办理")


def test_stale_version_is_a_conflict_naming_who(actors):
    p = proposal()
    seen = p.version
    services.proposal_step_add(
        actor=actors["linyi"],
        proposal=p,
        kind="adopted",
        on=D(2025, 3, 4),
        body="市政协",
        expected_version=seen,
    )
    with pytest.raises(Conflict, match="linyi"):
        services.proposal_step_add(
            actor=SYSTEM, proposal=p, kind="adopted", on=D(2025, 3, 5), body="省政协", expected_version=seen
        )
    assert p.steps.filter(kind="adopted").count() == 1


def test_department_sees_only_what_it_was_assigned_and_cannot_assign(actors, users):
    fgw = actors["linyi_fgw"]
    p = proposal()
    with pytest.raises(NotFound):
        services.proposal_step_add(actor=fgw, proposal=p, kind="adopted", on=D(2025, 3, 4), body="x")
    services.proposal_assign(
        actor=actors["linyi"], proposal=p, lead=people.departments()[0], on=D(2025, 3, 10)
    )
    assert selectors.proposal_list(user=fgw).filter(pk=p.pk).exists()
    with pytest.raises(Forbidden):
        services.proposal_assign(actor=fgw, proposal=p, lead=people.departments()[1], on=D(2025, 3, 11))
    with pytest.raises(NotFound):
        services.proposal_step_add(
            actor=users["minmeng"], proposal=p, kind="adopted", on=D(2025, 3, 4), body="x"
        )
    assert p.tasks.count() == 1 and not p.steps.filter(kind="adopted").exists()


def test_figures_count_the_program_with_its_children_by_period_and_region(actors):
    parent = Program.objects.get(short_name="临沂五大行动")
    base = figures.summary(parent)
    a = proposal(place=Region.objects.get(code="371302"))
    proposal(title="关于社情民意的报告", kind="public_opinion")
    b = Proposal.objects.get(title="关于社情民意的报告")
    services.proposal_step_add(
        actor=SYSTEM, proposal=b, kind="forwarded", on=D(2025, 3, 4), body="市委统战部"
    )
    services.proposal_step_add(actor=SYSTEM, proposal=a, kind="adopted", on=D(2025, 3, 4), body="市政协")
    after = figures.summary(parent)
    assert after["proposals_submitted"] == base["proposals_submitted"] + 1
    assert after["proposals_reports"] == base["proposals_reports"] + 1
    assert after["proposals_adopted"] == base["proposals_adopted"] + 1
    assert figures.value("proposals.adopted", parent, region="371302") >= 1
    assert figures.value("proposals.adopted", parent, region="371311") == 0
    later = figures.Period(start=D(2025, 3, 5))
    assert figures.value("proposals.adopted", parent, period=later) == base["proposals_adopted"]
