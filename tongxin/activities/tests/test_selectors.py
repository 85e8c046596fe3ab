"""The chain consultation → proposal → task → closure → measure, through the public proposals
services, read both ways: from the activity to each outcome's done state, and from any record of
the chain back to the consultation (selectors.trace)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tongxin.core.permissions import SYSTEM
from tongxin.proposals import people
from tongxin.proposals import services as proposals
from tongxin.proposals.tests.factories import proposal

from .. import selectors, services
from .factories import D, activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    return people.users()


def states(meeting, user) -> dict:
    return {o.title: (o.done, o.state) for o in selectors.outcomes_of(meeting, user=user)}


def test_consultation_task_closure_is_traceable_both_ways(actors):
    coordinator, department = actors["linyi"], actors["linyi_fgw"]
    meeting = activity(actor=coordinator, participants=35)
    raised = proposal(actor=coordinator, title="关于设立民企融资服务中心的建议", on=D(2025, 3, 3))
    services.outcome_link(actor=coordinator, activity=meeting, target=raised, note="会上提出")
    task = proposals.proposal_assign(
        actor=coordinator,
        proposal=raised,
        lead=people.departments()[0],
        on=D(2025, 3, 10),
        due=D(2025, 4, 10),
    )
    services.outcome_link(actor=coordinator, activity=meeting, target=task, note="会后交办")
    name = str(task)
    assert states(meeting, coordinator) == {raised.title: (False, "交办"), name: (False, "办理中")}

    proposals.task_reply(actor=department, task=task, on=D(2025, 3, 20), text="已制定融资服务方案")
    assert states(meeting, coordinator)[name] == (False, "已反馈")
    proposals.task_close(actor=coordinator, task=task, on=D(2025, 3, 25), measure_taken="设立融资服务中心")
    assert states(meeting, coordinator) == {raised.title: (True, "办结"), name: (True, "已办结")}

    measure = proposals.measure_create(
        actor=coordinator,
        proposals=[raised],
        title="民营企业融资服务十条",
        issuing_body="临沂市人民政府",
        issued_on=D(2025, 4, 1),
    )
    services.outcome_link(actor=coordinator, activity=meeting, target=measure)
    assert states(meeting, coordinator) == {
        raised.title: (True, "转化"),
        name: (True, "已办结"),
        measure.title: (True, "已出台"),
    }
    # back from each record of the chain to the consultation, also through records not linked
    # themselves (a task's proposal, a measure's proposals)
    for linked in (task, measure):
        kind = ContentType.objects.get_for_model(linked)
        outcome = meeting.outcomes.get(content_type=kind, object_id=str(linked.pk))
        services.outcome_unlink(actor=coordinator, outcome=outcome)
    assert [o.title for o in selectors.outcomes_of(meeting, user=coordinator)] == [raised.title]
    for record in (raised, task, measure):
        assert selectors.trace(record, user=coordinator) == [meeting], record
    unrelated = proposal(title="与协商会无关的建议")
    assert selectors.trace(unrelated, user=coordinator) == []


def test_a_linked_measure_is_done_and_a_deleted_one_is_not(actors):
    coordinator = actors["linyi"]
    meeting = activity(actor=coordinator)
    measure = proposals.measure_create(
        actor=SYSTEM,
        proposals=[proposal()],
        title="民营企业服务专员制度",
        issuing_body="临沂市委",
        issued_on=D(2025, 4, 1),
    )
    services.outcome_link(actor=coordinator, activity=meeting, target=measure)
    [linked] = selectors.outcomes_of(meeting, user=coordinator)
    assert (linked.done, linked.state, linked.url) == (True, "已出台", f"/proposals/measures/{measure.pk}/")
    proposals.measure_delete(actor=SYSTEM, measure=measure)
    [gone] = selectors.outcomes_of(meeting, user=coordinator)
    assert (gone.done, gone.state) == (False, "已删除")


def test_outcomes_a_user_may_not_see_are_hidden_not_leaked(actors):
    coordinator, department = actors["linyi"], actors["linyi_fgw"]
    meeting = activity(actor=coordinator)
    secret = proposal(title="未交办的内部建议")
    services.outcome_link(actor=coordinator, activity=meeting, target=secret)
    [shown] = selectors.outcomes_of(meeting, user=department)
    assert (shown.title, shown.url, shown.done) == ("(无权查看)", None, False)
    assert selectors.trace(secret, user=coordinator) == [meeting]
