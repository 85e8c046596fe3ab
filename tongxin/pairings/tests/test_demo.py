import io

import pytest

from tongxin.core import figures
from tongxin.matching import demo as matching_demo
from tongxin.matching.models import Match, MatchingRun, RunStatus

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
    demo.load(out, scale=0.02)  # idempotent
    assert figures.summary(program("临沂五大行动"))["pairings"] == 74


def test_matching_demo_leaves_a_run_to_review(program):
    matching_demo.load(io.StringIO())
    bijie = program("组团式帮扶毕节")
    run = MatchingRun.objects.get(program=bijie)
    assert run.status == RunStatus.DONE and run.certificate["gap"] == 0
    assert Match.objects.filter(run=run).exclude(phrases=[]).count() >= 5
