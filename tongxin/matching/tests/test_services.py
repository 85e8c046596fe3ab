import pytest

from tongxin.core.errors import Invalid
from tongxin.core.models import AuditEntry
from tongxin.domains.models import Domain
from tongxin.pairings.models import Pairing
from tongxin.pairings.models import Status as PairingStatus
from tongxin.regions.models import Region

from .. import services
from ..models import Match, MatchStatus, NeedStatus, RunStatus
from .factories import enterprise, needs_and_offers

pytestmark = pytest.mark.django_db


@pytest.fixture
def bijie(program):
    return program("组团式帮扶毕节")


def run(users, program):
    return services.run_start(actor=users["coordinator"], program=program, background=False)


def test_run_suggests_the_obvious_pairs_with_explanations(users, bijie):
    needs, offers = needs_and_offers(bijie)
    done = run(users, bijie)
    assert done.status == RunStatus.DONE, done.message
    assert done.certificate["gap"] == 0 and done.certificate["rounds"] >= 1
    chosen = {(m.need_id, m.offer_id) for m in Match.objects.filter(run=done)}
    assert chosen == {(n.pk, o.pk) for n, o in zip(needs, offers, strict=True)}
    tea = Match.objects.get(need=needs[0])
    assert set(tea.parts) >= {"text", "domain", "distance", "rule"}
    assert abs(sum(tea.parts[p] for p in ("text", "domain", "distance", "rule")) - tea.score) < 1e-5
    assert "冷链" in tea.phrases
    assert AuditEntry.objects.filter(action="matching.suggested", object_id=str(tea.pk)).exists()


def test_empty_program_finishes_with_nothing_to_match(users, bijie):
    done = run(users, bijie)
    assert done.status == RunStatus.EMPTY
    assert "nothing to match" in done.message


def test_rule_leaving_no_feasible_pair(users, bijie):
    needs_and_offers(bijie)
    services.settings_update(actor=users["coordinator"], program=bijie, data={"same_province": True})
    done = run(users, bijie)
    assert done.status == RunStatus.INFEASIBLE
    assert "没有任何可行的对接" in done.message
    assert not Match.objects.filter(program=bijie).exists()


def test_cancelled_run_writes_no_suggestions(users, bijie, monkeypatch):
    needs_and_offers(bijie)
    from ..services import runs

    queued = runs.MatchingRun.objects.create(program=bijie, cancel_requested=True)
    runs.run_execute(run_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == RunStatus.CANCELLED
    assert not Match.objects.filter(program=bijie).exists()

    # cancelled after solving, just before the write: still nothing written
    late = runs.MatchingRun.objects.create(program=bijie)
    real_solve = runs.engine.solve

    def solve_then_cancel(*args, **kwargs):
        result = real_solve(*args, **{**kwargs, "cancel": None})
        runs.MatchingRun.objects.filter(pk=late.pk).update(cancel_requested=True)
        return result

    monkeypatch.setattr(runs.engine, "solve", solve_then_cancel)
    runs.run_execute(run_id=late.pk)
    late.refresh_from_db()
    assert late.status == RunStatus.CANCELLED
    assert not Match.objects.filter(program=bijie).exists()


def test_review_decisions_hold_in_a_rerun(users, bijie):
    coordinator = users["coordinator"]
    needs, offers = needs_and_offers(bijie)
    first = run(users, bijie)
    tea, clinic, school = (Match.objects.get(run=first, need=n) for n in needs)
    services.match_accept(actor=coordinator, match=tea)
    services.match_reject(actor=coordinator, match=clinic, reason="医院已与该县另行结对")
    services.match_lock(actor=coordinator, match=school)
    assert tea.need.status == NeedStatus.MATCHED
    assert AuditEntry.objects.filter(action="matching.rejected", object_id=str(clinic.pk)).exists()

    second = run(users, bijie)
    assert second.status == RunStatus.DONE
    live = {(m.need_id, m.offer_id): m for m in Match.objects.filter(program=bijie)}
    assert live[(needs[0].pk, offers[0].pk)].status == MatchStatus.ACCEPTED
    assert live[(needs[1].pk, offers[1].pk)].status == MatchStatus.REJECTED
    assert live[(needs[2].pk, offers[2].pk)].locked
    suggested = {(m.need_id, m.offer_id) for m in Match.objects.filter(run=second)}
    assert (needs[1].pk, offers[1].pk) not in suggested
    assert {(needs[0].pk, offers[0].pk), (needs[2].pk, offers[2].pk)} <= suggested


def test_agreement_produces_a_signed_pairing(users, bijie):
    coordinator = users["coordinator"]
    needs, offers = needs_and_offers(bijie)
    done = run(users, bijie)
    match = Match.objects.get(run=done, need=needs[0])
    with pytest.raises(Invalid, match="请先接受"):
        services.match_agree(actor=coordinator, match=match)
    services.match_accept(actor=coordinator, match=match)
    match = services.match_agree(actor=coordinator, match=match)
    pairing = Pairing.objects.get(pk=match.pairing_id)
    assert pairing.status == PairingStatus.SIGNED and pairing.signed_on
    assert pairing.target_region_id == needs[0].region_id
    assert list(pairing.helpers.all()) == [offers[0].organization]
    with pytest.raises(Invalid, match="不能拒绝"):
        services.match_reject(actor=coordinator, match=match, reason="x")


def test_accept_respects_partners_wanted(users, bijie):
    coordinator = users["coordinator"]
    needs, offers = needs_and_offers(bijie)
    first = services.match_propose(actor=coordinator, need=needs[0], offer=offers[0])
    second = services.match_propose(actor=coordinator, need=needs[0], offer=offers[1])
    services.match_accept(actor=coordinator, match=first)
    with pytest.raises(Invalid, match="只需要1个伙伴"):
        services.match_accept(actor=coordinator, match=second)


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"text": "   "}, "text", "内容不能为空"),
        ({"capacity": 0}, "capacity", "须至少为1"),
        ({"capacity": -2}, "capacity", "须至少为1"),
    ],
)
def test_bad_offer_input(users, bijie, change, field, message):
    data = {
        "program": bijie,
        "organization": enterprise("坏数据企业", "110105", 9100),
        "domain": Domain.objects.get(code="industry"),
        "text": "电商",
        **change,
    }
    with pytest.raises(Invalid, match=message) as caught:
        services.offer_create(actor=users["coordinator"], **data)
    assert field in caught.value.fields


def test_need_without_region_or_text(users, bijie):
    domain = Domain.objects.get(code="rural")
    with pytest.raises(Invalid, match="所在地区") as caught:
        services.need_create(actor=users["coordinator"], program=bijie, domain=domain, text="修路")
    assert "region" in caught.value.fields
    with pytest.raises(Invalid, match="内容不能为空"):
        services.need_create(
            actor=users["coordinator"],
            program=bijie,
            domain=domain,
            text="",
            region=Region.objects.get(code="520521"),
        )


def test_need_lifecycle_needs_evidence(users, bijie):
    needs, _ = needs_and_offers(bijie)
    need = services.need_transition(actor=users["coordinator"], need=needs[0], status=NeedStatus.MATCHED)
    with pytest.raises(Invalid, match="实现情况"):
        services.need_transition(actor=users["coordinator"], need=need, status=NeedStatus.FULFILLED)
    need = services.need_transition(
        actor=users["coordinator"], need=need, status=NeedStatus.FULFILLED, evidence="冷库已建成并投入使用"
    )
    assert need.status == NeedStatus.FULFILLED and need.fulfilled_on
    with pytest.raises(Invalid, match="不能变为"):
        services.need_transition(actor=users["coordinator"], need=need, status=NeedStatus.OPEN)


def test_viewer_cannot_start_a_run(users, bijie):
    from tongxin.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.run_start(actor=users["viewer"], program=bijie, background=False)
