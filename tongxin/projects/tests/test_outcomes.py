"""Outcome indicators of a project and the evidence files behind them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.core import audit
from tongxin.core.errors import Forbidden, Invalid
from tongxin.projects import services
from tongxin.projects.models import Outcome
from tongxin.projects.tests.test_projects import make

pytestmark = pytest.mark.django_db


def test_outcome_is_audited_and_refuses_a_future_as_of(users, program):
    project = make(users["coordinator"], program("组团式帮扶毕节"))
    outcome = services.outcome_create(
        actor=users["coordinator"],
        project=project,
        name="受益学生",
        unit="人",
        baseline=Decimal(0),
        target=Decimal(600),
        actual=Decimal(512),
        as_of=dt.date(2025, 6, 30),
    )
    before, after = audit.history(outcome).get(action="created").changes["actual"]
    assert before is None and Decimal(after) == 512
    with pytest.raises(Invalid):
        services.outcome_create(
            actor=users["coordinator"],
            project=project,
            name="x",
            as_of=timezone.localdate() + dt.timedelta(1),
        )
    with pytest.raises(Forbidden):
        services.outcome_update(actor=users["viewer"], outcome=outcome, data={"actual": Decimal(600)})
    services.outcome_update(actor=users["coordinator"], outcome=outcome, data={"actual": Decimal(600)})
    outcome.refresh_from_db()
    assert outcome.actual == Decimal(600) and Outcome.objects.filter(project=project).count() == 1


def test_evidence_on_the_page_is_served_only_to_who_may_see_the_project(client, users, program):
    project = make(users["coordinator"], program("组团式帮扶毕节"))
    client.force_login(users["coordinator"])
    response = client.post(
        f"/projects/{project.pk}/outcomes/",
        {"name": "新建操场", "unit": "个", "target": "1", "actual": "1", "as_of": "2025-05-01"},
    )
    assert response.status_code == 302
    outcome = project.outcomes.get()
    client.post(
        f"/projects/outcomes/{outcome.pk}/evidence/",
        {"title": "验收单", "file": SimpleUploadedFile("验收单.pdf", b"%PDF-1.4 acceptance")},
    )
    evidence = outcome.evidence.get()
    link = f"/projects/evidence/{evidence.pk}/"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "新建操场" in page and link in page
    assert b"".join(client.get(link).streaming_content) == b"%PDF-1.4 acceptance"
    client.force_login(users["minmeng"])
    assert client.get(link).status_code == 404
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_evidence_upload_through_the_api(api_client, users, program):
    project = make(users["coordinator"], program("组团式帮扶毕节"))
    outcome = services.outcome_create(actor=users["coordinator"], project=project, name="义诊人次")
    client = api_client.as_user("coordinator")
    created = client.post(
        f"/api/projects/outcomes/{outcome.pk}/evidence",
        {"title": "义诊照片", "file": SimpleUploadedFile("photo.jpg", b"\xff\xd8jpeg")},
    )
    assert created.status_code == 201, created.content
    url = created.json()["url"]
    detail = client.get(f"/api/projects/{project.pk}").json()
    assert detail["outcomes"][0]["evidence"] == [created.json()]
    assert b"".join(client.get(url).streaming_content) == b"\xff\xd8jpeg"
    refused = api_client.as_user("viewer").post(
        f"/api/projects/outcomes/{outcome.pk}/evidence",
        {"title": "x", "file": SimpleUploadedFile("x.txt", b"x")},
    )
    assert refused.status_code in (403, 404) and outcome.evidence.count() == 1
