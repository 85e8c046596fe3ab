"""API and pages: create, steps with lost-update protection, ladder counts, the board, the ledger."""

import datetime as dt

import pytest
from django.test import Client

from tongxin.programs.models import Program

from .. import people
from ..models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_linyi(api_client):
    people.users()
    return api_client.as_user("linyi")


def _create(client) -> dict:
    program = Program.objects.get(short_name="建言献策")
    submitter = people.submitters()[0]
    r = client.send(
        "post",
        "/api/proposals",
        {
            "program": program.pk,
            "title": "关于建设临沂商城数字化平台的调研报告",
            "kind": "research_report",
            "submitters": [submitter.pk],
            "submitted_on": "2025-05-06",
            "place": "371302",
            "domains": ["industry"],
        },
    )
    assert r.status_code == 201, r.content
    return r.json()


def test_create_steps_conflict_and_ladder(client_linyi):
    body = _create(client_linyi)
    pid, version = body["id"], body["version"]
    r = client_linyi.send(
        "post",
        f"/api/proposals/{pid}/steps",
        {
            "kind": "adopted",
            "on": "2025-05-08",
            "body": "中央统战部",
            "level": "national",
            "version": version,
        },
    )
    assert r.status_code == 201 and r.json()["stage"] == "adopted"
    stale = client_linyi.send(
        "post",
        f"/api/proposals/{pid}/steps",
        {"kind": "adopted", "on": "2025-05-09", "body": "省委统战部", "version": version},
    )
    assert stale.status_code == 409 and "linyi" in stale.json()["message"]
    early = client_linyi.send(
        "post", f"/api/proposals/{pid}/steps", {"kind": "forwarded", "on": "2025-05-01", "body": "市委统战部"}
    )
    assert early.status_code == 422 and "on" in early.json()["fields"]
    reply = client_linyi.send(
        "post", f"/api/proposals/{pid}/steps", {"kind": "replied", "on": "2025-05-09", "text": "已办"}
    )
    assert reply.status_code == 422 and "尚未交办" in reply.json()["message"]
    unknown = client_linyi.send(
        "post", f"/api/proposals/{pid}/steps", {"kind": "assigned", "on": "2025-05-09", "lead": "不存在的局"}
    )
    assert unknown.status_code == 422 and "lead" in unknown.json()["fields"]
    fgw = people.departments()[0]
    ok = client_linyi.send(
        "post",
        f"/api/proposals/{pid}/steps",
        {"kind": "assigned", "on": "2025-05-09", "lead": fgw.pk, "due": "2025-05-30"},
    )
    assert ok.status_code == 201 and [s["kind"] for s in ok.json()["steps"]][-1] == "assigned"
    program = Program.objects.get(short_name="临沂五大行动")
    counts = client_linyi.get(f"/api/proposals/ladder?program={program.pk}&region=371302").json()
    assert counts["adopted"] >= 1 and counts["assigned"] >= 1
    listed = client_linyi.get(f"/api/proposals?program={program.pk}&stage=assigned").json()
    assert pid in [i["id"] for i in listed["items"]] and listed["totals"]["adopted"] >= 1
    summary = client_linyi.get(f"/api/programs/{program.pk}/summary").json()
    for key in (
        "proposals_submitted",
        "proposals_adopted",
        "proposals_instructed",
        "proposals_converted",
        "overdue",
    ):
        assert key in summary


def test_overdue_api_and_pages(client_linyi):
    body = _create(client_linyi)
    fgw = people.departments()[0]
    client_linyi.send(
        "post", f"/api/proposals/{body['id']}/steps", {"kind": "assigned", "on": "2025-05-09", "lead": fgw.pk}
    )
    rows = client_linyi.get("/api/proposals/overdue").json()
    assert rows and rows[0]["days"] >= rows[-1]["days"] and rows[0]["level"] == "notice"
    web = Client()
    web.force_login(people.users()["linyi_fgw"])
    page = web.get(f"/proposals/{body['id']}/")
    assert page.status_code == 200 and "领办" in page.content.decode()
    mine = web.get("/proposals/supervision/mine/")
    assert body["title"] in mine.content.decode()
    assert web.get("/proposals/supervision/").status_code == 200
    assert web.get("/ledgers/proposal_tasks/").status_code == 200
    outsider = Client()
    outsider.force_login(people.users()["linyi_fgw"].__class__.objects.get(username="minmeng"))
    other = Proposal.objects.exclude(tasks__lead=fgw).first()
    if other:
        assert outsider.get(f"/proposals/{other.pk}/").status_code == 404


def test_step_form_on_the_page(client_linyi):
    body = _create(client_linyi)
    web = Client()
    web.force_login(people.users()["linyi"])
    r = web.post(
        f"/proposals/{body['id']}/steps/",
        {
            "kind": "instructed",
            "on": "2025-05-10",
            "body": "临沂市委",
            "level": "municipal",
            "person": "市委书记",
            "version": body["version"],
        },
    )
    assert r.status_code == 302
    bad = web.post(
        f"/proposals/{body['id']}/steps/", {"kind": "adopted", "on": "2025-04-01", "body": "市政协"}
    )
    assert bad.status_code == 422 and "早于提交日期" in bad.content.decode()
    assert Proposal.objects.get(pk=body["id"]).stage == "instructed"
    assert web.get("/proposals/").status_code == 200
    program = Program.objects.get(short_name="临沂五大行动")
    assert "建言献策" in web.get(f"/programs/{program.pk}/").content.decode()
    assert dt.date.today()


def _contacts():
    from tongxin.core.permissions import SYSTEM
    from tongxin.orgs.services import contact_create

    minjian, minmeng = people.submitters()[:2]
    return (
        contact_create(actor=SYSTEM, organization=minjian, name="王立新", role="调研处"),
        contact_create(actor=SYSTEM, organization=minmeng, name="李清"),
    )


def _payload(**extra) -> dict:
    return {
        "program": Program.objects.get(short_name="建言献策").pk,
        "title": "关于发展临沂预制菜产业的建议",
        "kind": "suggestion",
        "submitters": [people.submitters()[0].pk],
        "submitted_on": "2025-05-06",
        **extra,
    }


def test_authors_by_id_must_be_contacts_of_the_submitters(client_linyi):
    own, other = _contacts()
    before = Proposal.objects.count()
    unknown = client_linyi.send("post", "/api/proposals", _payload(authors=[987654321]))
    assert unknown.status_code == 422 and "authors" in unknown.json()["fields"]
    outside = client_linyi.send("post", "/api/proposals", _payload(authors=[other.pk]))
    assert outside.status_code == 422 and list(outside.json()["fields"]) == ["authors"]
    assert "李清" not in outside.json()["message"]  # no name of a contact outside the submitters leaks
    assert Proposal.objects.count() == before
    ok = client_linyi.send("post", "/api/proposals", _payload(authors=[own.pk]))
    assert ok.status_code == 201, ok.content
    assert list(Proposal.objects.get(pk=ok.json()["id"]).authors.all()) == [own]


def test_authors_on_the_page_form(client_linyi):
    own, _other = _contacts()
    program = Program.objects.get(short_name="建言献策")
    web = Client()
    web.force_login(people.users()["linyi"])
    form = web.get(f"/proposals/new/?program={program.pk}").content.decode()
    assert 'name="authors"' in form
    data = {
        "title": "关于发展临沂预制菜产业的建议",
        "kind": "suggestion",
        "channel": "regular",
        "submitters": people.submitters()[0].name,
        "submitted_on": "2025-05-06",
    }
    bad = web.post(f"/proposals/new/?program={program.pk}", {**data, "authors": "李清"})
    assert bad.status_code == 422 and "提交单位中没有联系人“李清”" in bad.content.decode()
    assert not Proposal.objects.filter(title=data["title"]).exists()
    r = web.post(f"/proposals/new/?program={program.pk}", {**data, "authors": "王立新"})
    assert r.status_code == 302
    saved = Proposal.objects.get(title=data["title"])
    assert list(saved.authors.all()) == [own]
    assert "王立新" in web.get(f"/proposals/{saved.pk}/").content.decode()


def test_attachment_is_uploaded_on_the_page_and_served_through_permissions(client_linyi, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    program = Program.objects.get(short_name="建言献策")
    web = Client()
    web.force_login(people.users()["linyi"])
    data = {
        "title": "关于临沂商城数字化转型的调研报告",
        "kind": "research_report",
        "channel": "regular",
        "submitters": people.submitters()[0].name,
        "submitted_on": "2025-05-06",
        "attachment": SimpleUploadedFile("调研报告.docx", b"PK report body"),
    }
    assert web.post(f"/proposals/new/?program={program.pk}", data).status_code == 302
    saved = Proposal.objects.get(title=data["title"])
    link = f"/proposals/{saved.pk}/attachment/"
    assert link in web.get(f"/proposals/{saved.pk}/").content.decode()
    assert b"".join(web.get(link).streaming_content) == b"PK report body"
    stranger = Client()
    stranger.force_login(users["bijie"])
    assert stranger.get(link).status_code == 404
