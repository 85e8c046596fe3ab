import io

import pytest

from tongxin.core import audit, figures
from tongxin.matching import demo as matching_demo
from tongxin.matching.models import Match, MatchingRun, RunStatus
from tongxin.projects.models import Project

from .. import demo

pytestmark = pytest.mark.django_db


def test_demo_shape_at_small_scale(program):
    """The full demo is 412 ↔ 412 and 4221 → 3702; at 2 % the shape is the same: more firms than villages."""
    out = io.StringIO()
    demo.load(out, scale=0.02)
    linyi = figures.summary(program("临沂五大行动"))
    assert (linyi["pairing_helpers"], linyi["pairing_targets"], linyi["pairings"]) == (84, 74, 74)
    bozhou = figures.summary(program("亳州万企兴万村"))
    assert bozhou["pairing_helpers"] == bozhou["pairing_targets"] == 8
    assert linyi["pairing_projects"] == 90  # round(4492 × 2 %), every one linked to a pairing
    projects = Project.objects.filter(program=program("共同富裕"))
    assert (
        projects.count() == projects.filter(is_demo=True, pairing__program=program("共同富裕")).count() == 90
    )
    assert not projects.exclude(region__code__startswith="3713").exists()
    assert all(p.title.endswith("项目") and "村" in p.title for p in projects)
    assert all(p.region_id == p.pairing.place_id for p in projects.select_related("pairing"))
    # Bulk-created: every project's history names its creation (one entry per run of ids).
    assert all(audit.history(p).filter(action="created").exists() for p in projects)
    demo.load(out, scale=0.02)  # idempotent
    again = figures.summary(program("临沂五大行动"))
    assert (again["pairings"], again["pairing_projects"], projects.count()) == (74, 90, 90)


def test_matching_demo_leaves_a_run_to_review(program):
    matching_demo.load(io.StringIO())
    bijie = program("组团式帮扶毕节")
    run = MatchingRun.objects.get(program=bijie)
    assert run.status == RunStatus.DONE and run.certificate["gap"] == 0
    assert Match.objects.filter(run=run).exclude(phrases=[]).count() >= 5


@pytest.mark.slow
def test_linyi_rollup_at_full_scale(api_client, program):
    """The report's "4221家企业与3702个行政村结对共建,达成合作项目4492个", counted from the rows."""
    demo.load(io.StringIO())
    linyi = program("临沂五大行动")
    rollup = api_client.as_user("admin").get(f"/api/pairings/rollup?program={linyi.pk}").json()
    assert (rollup["helpers"], rollup["targets"], rollup["pairings"], rollup["projects"]) == (
        4221,
        3702,
        3702,
        4492,
    )
    summary = figures.summary(linyi)
    assert (summary["pairing_helpers"], summary["pairing_targets"], summary["pairing_projects"]) == (
        4221,
        3702,
        4492,
    )
    assert Project.objects.filter(program__parent=linyi, pairing__isnull=False).count() == 4492
