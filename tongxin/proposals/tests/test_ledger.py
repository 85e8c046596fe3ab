"""建言献策台账: the 进展 filter means "has reached this step", so the ledger count of every step equals
the ladder count, for the program, an organization subtree, a region subtree and a period."""

import datetime as dt
from io import StringIO

import pytest

from tongxin.core import audit, figures
from tongxin.core.ledger import query
from tongxin.core.models import AuditEntry
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from .. import demo, people, selectors, services
from ..ledgers import PROPOSALS
from ..models import Level, StepKind
from .factories import proposal

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def actors():
    return people.users()


def ledger_count(user, **params) -> int:
    selection = query.parse(PROPOSALS, {k: str(v) for k, v in params.items()})
    return query.totals(selection, query.rows(selection, user))["count"]


def test_adopted_keeps_proposals_that_went_on_to_be_instructed(actors):
    coordinator = actors["linyi"]
    p = proposal(actor=coordinator)
    services.proposal_step_add(
        actor=coordinator, proposal=p, kind=StepKind.ADOPTED, on=D(2025, 3, 5), body="市政协"
    )
    services.proposal_step_add(
        actor=coordinator,
        proposal=p,
        kind=StepKind.INSTRUCTED,
        on=D(2025, 3, 7),
        body="临沂市委",
        level=Level.MUNICIPAL,
        person="市委主要负责同志",
    )
    p.refresh_from_db()
    assert p.stage == StepKind.INSTRUCTED
    selection = query.parse(PROPOSALS, {"stage": "adopted", "program": str(p.program_id)})
    assert p in query.rows(selection, coordinator)
    assert ledger_count(coordinator, stage="采用", q=p.title) == 1  # by label too
    # the same step in a period: adopted on 03-05, so "adopted in 03-06 .. 03-31" leaves it out
    assert ledger_count(coordinator, stage="adopted", reached="2025-03-06..2025-03-31", q=p.title) == 0
    assert ledger_count(coordinator, stage="instructed", reached="2025-03-06..2025-03-31", q=p.title) == 1
    # a withdrawn step no longer counts
    services.step_delete(actor=coordinator, step=p.steps.get(kind=StepKind.ADOPTED))
    assert ledger_count(coordinator, stage="adopted", q=p.title) == 0


def test_every_step_count_equals_the_ladder_for_any_filter(actors):
    with audit.context(source=AuditEntry.Source.COMMAND):
        demo.load(StringIO())
    coordinator = actors["linyi"]
    linyi = Program.objects.get(short_name="临沂五大行动")
    submitter = people.submitters()[1]
    lanshan = Region.objects.get(code="371302")
    proposal(place=lanshan, submitters=[submitter], title="兰山区的一条建议")
    period = figures.Period(D(2024, 1, 1), D(2024, 12, 31))
    cases = [
        ({"program": linyi.pk}, {"program": linyi}, None),
        ({"program": linyi.pk, "org": submitter.pk}, {"program": linyi, "org_path": submitter.path}, None),
        ({"program": linyi.pk, "region": "371302"}, {"program": linyi, "region": lanshan}, None),
        ({"program": linyi.pk, "reached": "2024-01-01..2024-12-31"}, {"program": linyi}, period),
    ]
    for params, filters, when in cases:
        counts = selectors.ladder_counts(selectors.proposal_list(user=coordinator, **filters), period=when)
        assert counts[StepKind.SUBMITTED] > 0, params
        for kind in StepKind.values:
            assert ledger_count(coordinator, stage=kind, **params) == counts[kind], (params, kind)
    whole = selectors.ladder_counts(selectors.proposal_list(user=coordinator, program=linyi))
    assert whole["adopted"] >= 630 and whole["instructed"] >= 56 and whole["converted"] >= 320
    # the old meaning (highest step reached) would have given far fewer "adopted"
    highest = selectors.proposal_list(user=coordinator, program=linyi).filter(stage="adopted").count()
    assert ledger_count(coordinator, program=linyi.pk, stage="adopted") == whole["adopted"] > highest
