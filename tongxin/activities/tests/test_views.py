"""Pages: an activity with its outcomes' done state, and "来自活动" on the pages of the records a
consultation produced (the proposal and measure pages here; any page that renders the panels)."""

import pytest
from django.test import Client, RequestFactory

from tongxin.core import panels
from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.proposals import people
from tongxin.proposals import services as proposals
from tongxin.proposals.tests.factories import proposal
from tongxin.regions.models import Region

from .. import services
from .factories import D, activity, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    return people.users()


@pytest.fixture
def web(actors):
    client = Client()
    client.force_login(actors["linyi"])
    return client


def test_activity_page_shows_each_outcome_and_whether_it_is_done(web, actors):
    meeting = activity(actor=actors["linyi"])
    raised = proposal(title="关于推进社区嵌入式养老的建议")
    measure = proposals.measure_create(
        actor=SYSTEM,
        proposals=[raised],
        title="社区嵌入式养老服务实施方案",
        issuing_body="临沂市民政局",
        issued_on=D(2025, 4, 1),
    )
    add = web.post(
        f"/activities/{meeting.pk}/outcomes/",
        {"model": "proposals.Measure", "object_id": measure.pk, "note": "会后出台"},
    )
    assert add.status_code == 302 and meeting.outcomes.count() == 1
    body = web.get(f"/activities/{meeting.pk}/").content.decode()
    assert '<tr data-done="1">' in body and "已出台" in body and "办理中" not in body
    assert "已完成 <span data-done>1</span> / 1" in body
    missing = web.post(
        f"/activities/{meeting.pk}/outcomes/", {"model": "proposals.Task", "object_id": 987654321}
    )
    assert missing.status_code == 302 and meeting.outcomes.count() == 1


def test_from_activities_on_the_pages_of_what_it_produced(web, actors):
    meeting = activity(actor=actors["linyi"], title="民生议事堂(第3次)")
    raised = proposal(title="关于完善背街小巷照明的建议")
    services.outcome_link(actor=actors["linyi"], activity=meeting, target=raised)
    page = web.get(f"/proposals/{raised.pk}/").content.decode()
    assert 'id="from-activities"' in page and f'href="/activities/{meeting.pk}/"' in page
    measure = proposals.measure_create(
        actor=SYSTEM,
        proposals=[raised],
        title="背街小巷亮化工程",
        issuing_body="临沂市城管局",
        issued_on=D(2025, 4, 1),
    )
    assert "民生议事堂(第3次)" in web.get(f"/proposals/measures/{measure.pk}/").content.decode()
    other = proposal(title="没有来源活动的建议")
    assert 'id="from-activities"' not in web.get(f"/proposals/{other.pk}/").content.decode()
    trace = web.get(f"/activities/trace/proposals.Measure/{measure.pk}/").content.decode()
    assert "民生议事堂(第3次)" in trace


def test_project_page_shows_the_activity_it_came_from(actors):
    from tongxin.projects.services import project_create

    meeting = activity(actor=actors["linyi"], title="招商推介会(测试)", kind="roadshow")
    project = project_create(
        actor=SYSTEM,
        program=campaign(),
        title="兰山区社区食堂",
        kind="service",
        region=Region.objects.get(code="371302"),
        domain=Domain.objects.get(code="industry"),
    )
    services.outcome_link(actor=actors["linyi"], activity=meeting, target=project)
    request = RequestFactory().get("/")
    request.user = actors["linyi"]
    [(template, context)] = panels.render_all("project", request, project)
    assert template == "activities/_record_panel.html" and context["activities"] == [meeting]
    from tongxin.accounts.models import User

    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    page = admin.get(f"/projects/{project.pk}/").content.decode()
    assert 'id="from-activities"' in page and "招商推介会(测试)" in page
    services.outcome_unlink(actor=actors["linyi"], outcome=meeting.outcomes.get())
    assert panels.render_all("project", request, project) == []
    assert 'id="from-activities"' not in admin.get(f"/projects/{project.pk}/").content.decode()
