"""Writes: an activity is created and changed through its audited service, outcome links are
audited and idempotent, and nobody writes where they may not or links what they may not see."""

import pytest
from django.test import Client

from tongxin.core import audit
from tongxin.core.errors import Forbidden, Invalid, NotFound
from tongxin.core.models import AuditEntry
from tongxin.proposals import people
from tongxin.proposals.tests.factories import proposal

from .. import services
from ..models import Activity, Kind, Outcome
from .factories import D, activity, campaign, organizer

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    return people.users()


def test_create_is_audited_normalized_and_counts_person_times(actors):
    fgw = people.departments()[0]
    made = activity(
        actor=actors["linyi"],
        title="黨外人士協商會(第1次)",  # Traditional input is stored Simplified
        participants=40,
        co_organizers=[fgw, organizer()],
        topics="民營企業融資",
    )
    made.refresh_from_db()
    assert made.title == "党外人士协商会(第1次)" and made.topics == "民营企业融资"
    assert made.person_times == 40  # 人次 defaults to 人数
    assert list(made.co_organizers.all()) == [fgw]  # the organizer is not its own co-organizer
    entry = audit.history(made).get()
    assert entry.action == "created" and entry.actor_id == actors["linyi"].pk
    assert entry.changes["title"] == [None, "党外人士协商会(第1次)"] and entry.changes["participants"] == [
        None,
        40,
    ]
    assert entry.program_id == campaign().pk


def test_update_is_audited_with_before_and_after(actors):
    made = activity(actor=actors["linyi"], participants=30, person_times=30)
    services.activity_update(
        actor=actors["linyi"], activity=made, data={"person_times": 90}, expected_version=made.version
    )
    made.refresh_from_db()
    assert made.person_times == 90
    assert audit.history(made).get(action="updated").changes == {"person_times": [30, 90]}


@pytest.mark.parametrize(
    "data, field",
    [
        ({"ends_on": D(2025, 2, 1)}, "ends_on"),
        ({"participants": 50, "person_times": 20}, "person_times"),
        ({"nonsense": 1}, "nonsense"),
    ],
)
def test_bad_activities_are_refused_and_nothing_is_written(actors, data, field):
    before = (Activity.all_objects.count(), AuditEntry.objects.count())
    with pytest.raises(Invalid) as exc:
        activity(actor=actors["linyi"], **data)
    assert field in exc.value.fields
    assert (Activity.all_objects.count(), AuditEntry.objects.count()) == before


def test_duplicate_code_names_the_other_activity(actors):
    activity(actor=actors["linyi"], code="LY-T-1")
    with pytest.raises(Invalid, match="党外人士协商会"):
        activity(actor=actors["linyi"], code="LY-T-1", title="另一次座谈会", kind=Kind.SYMPOSIUM)


def test_a_viewer_cannot_create_an_activity(users, api_client):
    before = Activity.all_objects.count()
    with pytest.raises(Forbidden):
        activity(actor=users["viewer"])
    client = api_client.as_user("viewer")
    payload = {
        "title": "只读用户登记的活动",
        "kind": "symposium",
        "program": campaign().pk,
        "organizer": organizer().pk,
        "held_on": "2025-03-01",
    }
    assert client.send("post", "/api/activities", payload).status_code == 403
    web = Client()
    web.force_login(users["viewer"])
    page = web.post("/activities/new/", {**payload, "participants": 10})
    assert page.status_code == 403
    assert Activity.all_objects.count() == before


def test_outcome_links_are_audited_and_idempotent(actors):
    coordinator = actors["linyi"]
    meeting = activity(actor=coordinator)
    raised = proposal(actor=coordinator)
    first = services.outcome_link(actor=coordinator, activity=meeting, target=raised, note="会上提出")
    again = services.outcome_link(actor=coordinator, activity=meeting, target=raised)
    assert first.pk == again.pk and Outcome.objects.filter(activity=meeting).count() == 1
    linked = audit.history(meeting).filter(action="activities.outcome_linked")
    assert linked.count() == 1
    assert linked.get().changes["outcomes"] == [None, f"proposals.Proposal:{raised.pk} {raised.title}"]
    services.outcome_unlink(actor=coordinator, outcome=first)
    assert not Outcome.objects.filter(activity=meeting).exists()
    assert audit.history(meeting).get(action="activities.outcome_unlinked").changes["outcomes"] == [
        f"proposals.Proposal:{raised.pk}",
        None,
    ]
    with pytest.raises(Invalid, match="自身"):
        services.outcome_link(actor=coordinator, activity=meeting, target=meeting)


def test_a_record_the_actor_may_not_see_cannot_be_linked(actors, users):
    fgw_user, fgw = actors["linyi_fgw"], people.departments()[0]
    own = activity(actor=fgw_user, organizer=fgw, title="市发改委民营企业座谈会", kind=Kind.SYMPOSIUM)
    hidden = proposal(title="未交办给市发改委的建议")
    with pytest.raises(NotFound):
        services.outcome_link(actor=fgw_user, activity=own, target=hidden)
    with pytest.raises(NotFound):
        services.target_get(actor=fgw_user, label="proposals.Proposal", pk=hidden.pk)
    with pytest.raises(Invalid, match="不能关联"):
        services.target_get(actor=fgw_user, label="auth.Permission", pk=1)
    other = activity(title="统战部的协商会")
    with pytest.raises(Forbidden):
        services.outcome_link(actor=fgw_user, activity=other, target=hidden)
    assert not Outcome.objects.filter(activity__in=[own, other]).exists()
    with pytest.raises(Forbidden):  # the published campaign's activity is visible, not changeable
        services.outcome_link(actor=users["minmeng"], activity=own, target=hidden)
