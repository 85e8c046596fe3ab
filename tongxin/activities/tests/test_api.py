"""API: the program figures `activities` and `participants` computed from records, an activity
with its outcomes' done state, links, and the trace from a task back to its consultation."""

import pytest

from tongxin.core import figures
from tongxin.programs.models import Program
from tongxin.proposals import people
from tongxin.proposals import services as proposals
from tongxin.proposals.tests.factories import proposal

from .. import services
from ..models import Activity
from .factories import D, activity, campaign, organizer

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_linyi(api_client):
    people.users()
    return api_client.as_user("linyi")


def summary(client, program) -> dict:
    r = client.get(f"/api/programs/{program.pk}/summary")
    assert r.status_code == 200, r.content
    return r.json()


def test_activities_and_participants_figures(client_linyi):
    linyi = Program.objects.get(short_name="临沂五大行动")
    in_2024 = figures.Period(D(2024, 1, 1), D(2024, 12, 31))

    def by_period_and_region():
        return (
            figures.value("activities.count", campaign(), period=in_2024),
            figures.value("activities.participants", campaign(), period=in_2024),
            figures.value("activities.count", campaign(), region="371302"),
        )

    before, before_campaign = summary(client_linyi, linyi), summary(client_linyi, campaign())
    count_2024, people_2024, lanshan = by_period_and_region()
    activity(participants=30, person_times=45)
    activity(title="企业家培训班", kind="training", participants=20, held_on=D(2024, 6, 1))
    gone = activity(title="取消的座谈会", kind="symposium", participants=99)
    services.activity_delete(actor=people.users()["linyi"], activity=gone)
    after = summary(client_linyi, linyi)  # the parent program counts its campaigns' activities
    assert after["activities"] == before["activities"] + 2
    assert after["participants"] == before["participants"] + 45 + 20  # person-times; 人次 = 人数 by default
    assert summary(client_linyi, campaign())["activities"] == before_campaign["activities"] + 2
    # the 2024 training only, and nothing in 兰山区 (both were held at city level)
    assert by_period_and_region() == (count_2024 + 1, people_2024 + 20, lanshan)


def test_create_link_detail_and_trace(client_linyi):
    payload = {
        "code": "LY-API-1",
        "title": "民生议事堂(兰山区)",
        "kind": "consultation",
        "program": campaign().pk,
        "organizer": organizer().pk,
        "held_on": "2025-03-01",
        "region": "371302",
        "participants": 25,
    }
    created = client_linyi.send("post", "/api/activities", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["person_times"] == 25 and body["region"] == "371302" and body["outcomes"] == []
    bad = client_linyi.send(
        "post", "/api/activities", {**payload, "code": "LY-API-2", "organizer": 987654321}
    )
    assert bad.status_code == 422 and "organizer" in bad.json()["fields"]
    duplicate = client_linyi.send("post", "/api/activities", payload)
    assert duplicate.status_code == 422 and "code" in duplicate.json()["fields"]

    raised = proposal(title="关于兰山区老旧小区加装电梯的建议")
    task = proposals.proposal_assign(
        actor=people.users()["linyi"], proposal=raised, lead=people.departments()[0], on=D(2025, 3, 10)
    )
    linked = client_linyi.send(
        "post", f"/api/activities/{body['id']}/outcomes", {"model": "proposals.Task", "id": task.pk}
    )
    assert linked.status_code == 201, linked.content
    [outcome] = linked.json()["outcomes"]
    assert (outcome["model"], outcome["done"], outcome["state"]) == ("proposals.Task", False, "办理中")
    proposals.task_reply(actor=people.users()["linyi_fgw"], task=task, on=D(2025, 3, 12), text="已答复")
    proposals.task_close(actor=people.users()["linyi"], task=task, on=D(2025, 3, 14), measure_taken="已加装")
    detail = client_linyi.get(f"/api/activities/{body['id']}").json()
    assert [(o["done"], o["state"]) for o in detail["outcomes"]] == [(True, "已办结")]
    traced = client_linyi.get(f"/api/activities/trace?model=proposals.Task&id={task.pk}")
    assert [a["id"] for a in traced.json()] == [body["id"]]
    # the trace runs upstream only: the meeting produced the task, not the proposal it came from
    assert client_linyi.get(f"/api/activities/trace?model=proposals.Proposal&id={raised.pk}").json() == []
    assert client_linyi.get("/api/activities/trace?model=auth.Permission&id=1").status_code == 422

    stale = client_linyi.send("patch", f"/api/activities/{body['id']}", {"participants": 30, "version": 0})
    assert stale.status_code == 409
    ok = client_linyi.send(
        "patch", f"/api/activities/{body['id']}", {"participants": 30, "version": detail["version"]}
    )
    assert ok.status_code == 200 and Activity.objects.get(pk=body["id"]).person_times == 30
    unlinked = client_linyi.delete(f"/api/activities/{body['id']}/outcomes/{outcome['id']}")
    assert unlinked.status_code == 204 and not Activity.objects.get(pk=body["id"]).outcomes.exists()
