import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tongxin.core import audit, figures
from tongxin.core.errors import Conflict, Forbidden, Invalid
from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.projects import demo, services
from tongxin.projects.models import Project, Role, Status, StatusChange
from tongxin.regions.models import Region

pytestmark = pytest.mark.django_db


def make(actor, program, **extra):
    data = dict(
        program=program,
        title="赫章县平山镇光彩小学",
        kind="donation",
        region=Region.objects.get(code="520527"),
        domain=Domain.objects.get(code="education"),
        committed=Decimal("1200000.00"),
    )
    data.update(extra)
    return services.project_create(actor=actor, **data)


def test_create_is_audited_with_participants(users, program, org):
    project = make(
        users["coordinator"],
        program("组团式帮扶毕节"),
        participants=[(org("光彩会"), Role.FUNDING), (org("台盟中央"), Role.IMPLEMENTING)],
        places=[Region.objects.get(code="520524")],
    )
    actions = list(audit.history(project).values_list("action", flat=True))
    assert set(actions) == {"created", "projects.participants"}
    created = audit.history(project).get(action="created")
    assert created.changes["committed"] == [None, "1200000.00"]
    assert created.changes["places"] == [None, ["520524"]]
    assert project.participations.count() == 2


def test_transitions_follow_the_table_and_are_dated(users, program):
    project = make(users["coordinator"], program("组团式帮扶毕节"))
    with pytest.raises(Invalid, match="不能改为已完成"):
        services.project_transition(actor=users["coordinator"], project=project, to=Status.COMPLETED)
    services.project_transition(
        actor=users["coordinator"], project=project, to=Status.UNDER_WAY, on=dt.date(2025, 3, 1), note="开工"
    )
    services.project_transition(actor=users["coordinator"], project=project, to=Status.COMPLETED)
    project.refresh_from_db()
    assert project.status == Status.COMPLETED
    assert project.start_date == dt.date(2025, 3, 1)
    assert project.end_date == timezone.localdate()
    steps = list(StatusChange.objects.filter(project=project).values_list("from_status", "to_status", "on"))
    assert steps[0] == (Status.PLANNED, Status.UNDER_WAY, dt.date(2025, 3, 1))
    assert steps[1][:2] == (Status.UNDER_WAY, Status.COMPLETED)
    assert audit.history(project).filter(action="projects.transition").count() == 2
    with pytest.raises(Invalid):
        services.project_transition(actor=users["coordinator"], project=project, to=Status.UNDER_WAY)


def test_completed_project_with_a_future_date_is_refused(users, program):
    future = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(Invalid) as exc:
        make(users["coordinator"], program("组团式帮扶毕节"), status=Status.COMPLETED, end_date=future)
    assert "end_date" in exc.value.fields


def test_member_adds_only_projects_of_their_organization(users, program, org):
    bijie = program("组团式帮扶毕节")
    project = make(users["minjian"], bijie, participants=[(org("民建中央"), Role.IMPLEMENTING)])
    assert project.pk
    with pytest.raises(Forbidden):
        make(users["minjian"], bijie, participants=[(org("民盟中央"), Role.IMPLEMENTING)])
    with pytest.raises(Forbidden):
        make(users["viewer"], bijie)


def test_the_later_of_two_edits_is_refused_showing_the_other(users, program):
    project = make(users["coordinator"], program("组团式帮扶毕节"))
    seen = project.version
    first = Project.objects.get(pk=project.pk)
    services.project_update(
        actor=users["coordinator"],
        project=first,
        data={"committed": Decimal("1500000")},
        expected_version=seen,
    )
    second = Project.objects.get(pk=project.pk)
    with pytest.raises(Conflict) as exc:
        services.project_update(
            actor=users["admin"], project=second, data={"title": "改名"}, expected_version=seen
        )
    assert "coordinator" in exc.value.message
    assert any("计划投入" in c and "1500000.00" in c for c in exc.value.fields["changes"])
    assert Project.objects.get(pk=project.pk).title == "赫章县平山镇光彩小学"


def test_demo_figures_are_computed_from_the_rows(program):
    from tongxin.investments import demo as investments_demo

    demo.load()
    investments_demo.load()
    bijie = program("组团式帮扶毕节")
    summary = figures.summary_json(bijie)
    assert summary["projects"] == 1383
    assert summary["funds_committed"] == "467000000.00"
    assert summary["contracts_signed"] == 113
    assert summary["contracts_performing"] == 109
    assert summary["fulfilment_rate"] == 96.46
    assert summary["contracts_amount"] == "55866000000.00"
    assert Project.objects.filter(program=bijie, is_demo=True).count() == 1383
    jianan = figures.summary(program("建安合作"))
    assert jianan["funds_committed"] + jianan["in_kind"] > Decimal("10000000")
    # nothing stored: one more project changes the figure
    make(SYSTEM, bijie, committed=Decimal("1.00"))
    assert figures.summary_json(bijie)["projects"] == 1384
    demo.load()  # idempotent
    assert Project.objects.filter(program=bijie).count() == 1384


def test_program_page_shows_panels(client, users, program):
    from tongxin.investments import demo as investments_demo

    demo.load()
    investments_demo.load()
    client.force_login(users["coordinator"])
    page = client.get(f"/programs/{program('组团式帮扶毕节').pk}/").content.decode()
    assert "chart-project-domains" in page and "chart-contract-funnel" in page
    assert "1,383个" in page and "4.67亿元" in page and "96.46%" in page
