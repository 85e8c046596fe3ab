import datetime as dt

import pytest

from tongxin.core import audit, figures
from tongxin.core.errors import Invalid
from tongxin.core.models import AuditEntry
from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.matching.tests.factories import enterprise
from tongxin.projects import services as project_services
from tongxin.projects.models import Kind as ProjectKind
from tongxin.regions.models import Region
from tongxin.regions.services import village_create

from .. import selectors, services
from ..models import Kind, Pairing, Status

pytestmark = pytest.mark.django_db

TOWNSHIP = "520521100"  # a township of 大方县


@pytest.fixture
def villages():
    township = Region.objects.filter(parent_id="520521", level="township").order_by("code").first()
    return [village_create(actor=SYSTEM, township=township, name=f"测试{n}村") for n in range(3)]


@pytest.fixture
def firms():
    return [enterprise(f"结对测试企业{n}", "520521", 8000 + n) for n in range(4)]


def test_create_audits_and_sets_place(users, program, villages, firms):
    bijie = program("组团式帮扶毕节")
    pairing = services.pairing_create(
        actor=users["coordinator"],
        program=bijie,
        kind=Kind.ENTERPRISE_VILLAGE,
        helpers=firms[:2],
        target_region=villages[0],
        responsibilities="产业帮扶、消费帮扶",
    )
    assert pairing.place_id == villages[0].code
    entry = audit.history(pairing).get(action="created")
    assert entry.program_id == bijie.pk and entry.changes["helpers"][1] == sorted(f.pk for f in firms[:2])
    with pytest.raises(Invalid, match="已有相同的结对"):
        services.pairing_create(
            actor=users["coordinator"],
            program=bijie,
            kind=Kind.ENTERPRISE_VILLAGE,
            helpers=[firms[1]],
            target_region=villages[0],
        )


def test_target_rules(users, program, firms, villages):
    bijie = program("组团式帮扶毕节")
    with pytest.raises(Invalid) as caught:
        services.pairing_create(actor=users["coordinator"], program=bijie, kind=Kind.OTHER, helpers=firms[:1])
    assert "target_org" in caught.value.fields
    with pytest.raises(Invalid, match="至少填写一个帮扶方"):
        services.pairing_create(
            actor=users["coordinator"], program=bijie, kind=Kind.OTHER, helpers=[], target_region=villages[0]
        )


def test_lifecycle(users, program, firms, villages):
    coordinator = users["coordinator"]
    pairing = services.pairing_create(
        actor=coordinator,
        program=program("组团式帮扶毕节"),
        kind=Kind.ENTERPRISE_VILLAGE,
        helpers=firms[:1],
        target_region=villages[0],
    )
    with pytest.raises(Invalid, match="不能变为"):
        services.pairing_transition(actor=coordinator, pairing=pairing, status=Status.ACTIVE)
    day = dt.date(2025, 5, 1)
    pairing = services.pairing_transition(actor=coordinator, pairing=pairing, status=Status.SIGNED, on=day)
    pairing = services.pairing_transition(actor=coordinator, pairing=pairing, status=Status.ACTIVE, on=day)
    assert (pairing.signed_on, pairing.start_date) == (day, day)
    steps = audit.history(pairing).filter(action="pairings.status")
    assert [e.changes["status"] for e in steps.order_by("id")] == [
        ["proposed", "signed"],
        ["signed", "active"],
    ]
    with pytest.raises(Invalid, match="变更状态"):
        services.pairing_update(actor=coordinator, pairing=pairing, data={"status": Status.ENDED})


def test_rollup_coverage_and_figures(users, program, firms, villages):
    linyi = program("临沂五大行动")
    child = program("共同富裕")
    rows = [
        {
            "kind": Kind.ENTERPRISE_VILLAGE,
            "helpers": [firms[0].pk, firms[1].pk],
            "target_region": villages[0].pk,
            "status": Status.ACTIVE,
        },
        {
            "kind": Kind.ENTERPRISE_VILLAGE,
            "helpers": [firms[2].pk],
            "target_region": villages[1].pk,
            "status": Status.SIGNED,
        },
        {
            "kind": Kind.ENTERPRISE_VILLAGE,
            "helpers": [firms[0].pk],
            "target_region": villages[1].pk,
            "status": Status.ACTIVE,
        },
    ]
    created = services.pairing_bulk_create(actor=SYSTEM, program=child, rows=rows)
    assert (
        AuditEntry.objects.filter(
            action="pairings.bulk_created", object_id__in=[str(p.pk) for p in created]
        ).count()
        == 3
    )
    rollup = selectors.pairing_rollup(selectors.pairing_list(user=users["admin"], program=linyi))
    assert (rollup.helpers, rollup.targets, rollup.pairings, rollup.projects) == (3, 2, 3, 0)
    # Projects produced: two by the first pairing, one by the third, one deleted, one by no pairing.
    produced = [created[0], created[0], created[2], created[2], None]
    projects = [_project(child, villages[0], pairing=p, n=n) for n, p in enumerate(produced)]
    project_services.project_delete(actor=users["admin"], project=projects[3])
    rollup = selectors.pairing_rollup(selectors.pairing_list(user=users["admin"], program=linyi))
    assert (rollup.helpers, rollup.targets, rollup.pairings, rollup.projects) == (3, 2, 3, 3)
    signed = selectors.pairing_list(user=users["admin"], program=linyi, status=Status.SIGNED)
    assert selectors.pairing_rollup(signed).projects == 0
    assert selectors.projects_produced(Pairing.objects.filter(pk=created[0].pk)) == 2
    county = Region.objects.get(code="520521")
    cover = selectors.pairing_coverage(
        user=users["admin"], region=county, target_kind="village", program=linyi
    )
    assert (cover.covered, cover.total) == (2, 3)
    assert cover.uncovered == [villages[2]] and str(cover.rate) == "66.67"
    summary = figures.summary(linyi)
    assert (summary["pairing_helpers"], summary["pairing_targets"], summary["pairings"]) == (3, 2, 3)
    assert summary["pairing_projects"] == 3


def _project(program, region, *, pairing=None, n=0):
    return project_services.project_create(
        actor=SYSTEM,
        program=program,
        title=f"结对共建测试项目{n}",
        kind=ProjectKind.INVESTMENT,
        region=region,
        domain=Domain.objects.get(code="rural"),
        pairing=pairing,
    )


def test_project_pairing_must_be_of_the_program_family(users, program, firms, villages):
    linyi, child, bijie = program("临沂五大行动"), program("共同富裕"), program("组团式帮扶毕节")
    pairing = services.pairing_bulk_create(
        actor=SYSTEM,
        program=child,
        rows=[{"kind": Kind.ENTERPRISE_VILLAGE, "helpers": [firms[0].pk], "target_region": villages[0].pk}],
    )[0]
    with pytest.raises(Invalid) as caught:
        _project(bijie, villages[0], pairing=pairing)
    assert "pairing" in caught.value.fields
    on_parent = _project(linyi, villages[0], pairing=pairing)  # the campaign's parent program
    assert on_parent.pairing_id == pairing.pk
    entry = audit.history(on_parent).get(action="created")
    assert entry.changes["pairing"] == [None, pairing.pk]
    moved = project_services.project_update(actor=users["admin"], project=on_parent, data={"pairing": None})
    assert moved.pairing_id is None
    assert audit.history(moved).filter(action="updated").first().changes["pairing"] == [pairing.pk, None]


def test_region_staff_see_their_region_only(users, program, firms, villages):
    bijie = program("组团式帮扶毕节")
    services.pairing_create(
        actor=SYSTEM,
        program=program("建安合作"),
        kind=Kind.ENTERPRISE_VILLAGE,
        helpers=firms[:1],
        target_region=villages[0],
    )
    outside = services.pairing_create(
        actor=SYSTEM,
        program=bijie,
        kind=Kind.ORG_COUNTY,
        helpers=firms[1:2],
        target_region=Region.objects.get(code="340800"),
    )
    seen = set(selectors.pairing_list(user=users["bijie"]).values_list("pk", flat=True))
    assert outside.pk not in seen and len(seen) == 1
    assert Pairing.objects.filter(pk__in=seen).get().place_id.startswith("5205")
