"""The matching engine against dense solvers, its rules, its certificate and its failure modes."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment

from tongxin.matching.engine import (
    EAST,
    EAST_WEST_PARTNERS,
    WEST,
    Cancelled,
    Engine,
    Item,
    Settings,
    geo,
    solve,
    synth,
)
from tongxin.matching.engine.explain import content_words

PRICERS = {"dense": 10**9, "blockwise": 0}


def full_scores(result) -> np.ndarray:
    s = result.engine.scorer
    return np.maximum(s.block(np.arange(s.n), np.arange(s.m)), 0)


def assignment_optimum(W: np.ndarray) -> int:
    rows, cols = linear_sum_assignment(W, maximize=True)
    return int(W[rows, cols].sum())


def complete_flow_optimum(W: np.ndarray, cap_n, cap_o) -> int:
    """Max-weight b-matching by min-cost flow over every pair with a positive score."""
    n, m = W.shape
    ii, jj = np.nonzero(W > 0)
    units = int(min(sum(cap_n), sum(cap_o)))
    mcf = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.zeros(n, int), 2 + ii, 2 + n + np.arange(m), [0]])
    heads = np.concatenate([2 + np.arange(n), 2 + n + jj, np.ones(m, int), [1]])
    caps = np.concatenate([cap_n, np.ones(ii.size, int), cap_o, [units]])
    costs = np.concatenate([np.zeros(n, int), -W[ii, jj], np.zeros(m, int), [0]])
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    mcf.set_node_supply(0, units)
    mcf.set_node_supply(1, -units)
    assert mcf.solve() == mcf.OPTIMAL
    return -int(mcf.optimal_cost())


def check_result(result, needs, offers):
    """Capacities respected, no pair twice, certificate closed, objective = sum of pair scores."""
    by_need = {}
    by_offer = {}
    for p in result.pairs:
        by_need[p.need_id] = by_need.get(p.need_id, 0) + 1
        by_offer[p.offer_id] = by_offer.get(p.offer_id, 0) + 1
    assert all(by_need[it.id] <= it.capacity for it in needs if it.id in by_need)
    assert all(by_offer[it.id] <= it.capacity for it in offers if it.id in by_offer)
    assert len({(p.need_id, p.offer_id) for p in result.pairs}) == len(result.pairs)
    cert = result.certificate
    assert cert["gap"] == 0 and cert["dual_units"] == cert["objective_units"]
    assert result.objective == pytest.approx(sum(p.score for p in result.pairs), abs=1e-6)


@pytest.mark.parametrize("pricer", PRICERS)
def test_one_to_one_equals_linear_sum_assignment(pricer):
    needs, offers = synth.generate(300, 300, seed=11)
    result = solve(needs, offers, Settings(), explain=False, dense_limit=PRICERS[pricer])
    check_result(result, needs, offers)
    best = assignment_optimum(full_scores(result))
    assert result.certificate["objective_units"] == pytest.approx(best, rel=1e-6)
    assert result.certificate["objective_units"] == best


@pytest.mark.parametrize("pricer", PRICERS)
def test_capacitated_equals_complete_graph_flow(pricer):
    needs, offers = synth.generate(300, 250, seed=12, need_capacity=(1, 2), offer_capacity=(1, 3))
    result = solve(needs, offers, Settings(min_score=0.3), explain=False, dense_limit=PRICERS[pricer])
    check_result(result, needs, offers)
    W = full_scores(result)
    best = complete_flow_optimum(W, [it.capacity for it in needs], [it.capacity for it in offers])
    assert result.certificate["objective_units"] == best


@pytest.mark.slow
@pytest.mark.parametrize("pricer", PRICERS)
def test_thousand_by_thousand_is_optimal_over_all_pairs(pricer):
    needs, offers = synth.generate(1000, 1000, seed=13)
    result = solve(needs, offers, Settings(), explain=False, dense_limit=PRICERS[pricer])
    check_result(result, needs, offers)
    assert result.certificate["objective_units"] == assignment_optimum(full_scores(result))
    capped = [Item(it.id, it.text, it.domain, it.region_code, 1 + k % 3) for k, it in enumerate(offers)]
    result = solve(needs, capped, Settings(), explain=False, dense_limit=PRICERS[pricer])
    check_result(result, needs, capped)
    W = full_scores(result)
    best = complete_flow_optimum(W, [1] * 1000, [1 + k % 3 for k in range(1000)])
    assert result.certificate["objective_units"] == best


@pytest.mark.parametrize("pricer", PRICERS)
def test_same_province_rule(pricer):
    needs, offers = synth.generate(200, 200, seed=14, need_provinces={51, 52}, offer_provinces={51, 52})
    result = solve(needs, offers, Settings(same_province=True), dense_limit=PRICERS[pricer])
    region = {it.id: int(it.region_code) // 10000 for it in needs + offers}
    assert result.pairs and all(region[p.need_id] == region[p.offer_id] for p in result.pairs)
    check_result(result, needs, offers)
    assert result.certificate["objective_units"] == assignment_optimum(full_scores(result))


@pytest.mark.parametrize("pricer", PRICERS)
def test_east_west_rule(pricer):
    needs, offers = synth.generate(150, 150, seed=15)
    result = solve(needs, offers, Settings(east_west=True), dense_limit=PRICERS[pricer])
    region = {it.id: int(it.region_code) // 10000 for it in needs + offers}
    assert result.pairs
    assert all(region[p.offer_id] in EAST and region[p.need_id] in WEST for p in result.pairs)
    W = full_scores(result)
    assert result.certificate["objective_units"] == assignment_optimum(W)


def test_east_west_sets_follow_the_official_pairing():
    assert not EAST & WEST
    assert set(EAST_WEST_PARTNERS) == set(EAST)
    assert set().union(*EAST_WEST_PARTNERS.values()) == set(WEST)
    assert 51 in EAST_WEST_PARTNERS[33]


@pytest.mark.parametrize("pricer", PRICERS)
def test_exclusions_and_fixed_pairs(pricer):
    needs, offers = synth.generate(120, 100, seed=16, offer_capacity=(1, 2))
    first = solve(needs, offers, Settings(), explain=False, dense_limit=PRICERS[pricer])
    chosen = [(p.need_id, p.offer_id) for p in first.pairs]
    excluded = set(chosen[:30])
    fixed = {(needs[0].id, offers[5].id), (needs[1].id, offers[5].id)} - excluded
    result = solve(needs, offers, Settings(excluded=excluded, fixed=fixed), dense_limit=PRICERS[pricer])
    got = {(p.need_id, p.offer_id) for p in result.pairs}
    assert not got & excluded
    assert fixed <= got
    assert all(p.fixed == ((p.need_id, p.offer_id) in fixed) for p in result.pairs)
    check_result(result, needs, offers)
    assert result.objective <= first.objective + 1e-9
    W = full_scores(result)
    pos_n = {it.id: k for k, it in enumerate(needs)}
    pos_o = {it.id: k for k, it in enumerate(offers)}
    cap_n, cap_o = [it.capacity for it in needs], [it.capacity for it in offers]
    forced = 0
    for need_id, offer_id in fixed:
        i, j = pos_n[need_id], pos_o[offer_id]
        forced += W[i, j]
        cap_n[i] -= 1
        cap_o[j] -= 1
    for need_id, offer_id in excluded | fixed:
        W[pos_n[need_id], pos_o[offer_id]] = 0
    assert result.certificate["objective_units"] == forced + complete_flow_optimum(W, cap_n, cap_o)
    assert result.objective * 1e6 == pytest.approx(result.certificate["objective_units"], abs=0.5)


def test_fixed_pair_conflicts_are_errors():
    needs, offers = synth.generate(10, 10, seed=17)
    pair = (needs[0].id, offers[0].id)
    with pytest.raises(ValueError, match="both fixed and excluded"):
        solve(needs, offers, Settings(fixed={pair}, excluded={pair}))
    with pytest.raises(ValueError, match="more than its capacity"):
        solve(needs, offers, Settings(fixed={pair, (needs[1].id, offers[0].id)}))
    with pytest.raises(ValueError, match="unknown"):
        solve(needs, offers, Settings(fixed={("nobody", offers[0].id)}))


def test_capacity_must_be_positive():
    needs, offers = synth.generate(5, 5, seed=18)
    bad = Item("村-7", "缺水", "基础设施", "510104", 0)
    with pytest.raises(ValueError, match="村-7"):
        solve([*needs, bad], offers)
    with pytest.raises(ValueError, match="企-9"):
        solve(needs, [*offers, Item("企-9", "修路", "基础设施", "330106", -2)])


def test_empty_input_and_no_feasible_pair():
    needs, offers = synth.generate(20, 20, seed=19, need_provinces={33}, offer_provinces={33})
    for a, b in ((needs, []), ([], offers), ([], [])):
        result = solve(a, b)
        assert result.status == "nothing to match" and result.pairs == []
    result = solve(needs, offers, Settings(east_west=True))
    assert result.status == "no feasible pair" and result.pairs == [] and result.message
    result = solve(needs, offers, Settings(min_score=5.0))
    assert result.status == "no feasible pair"


def test_cancel_and_progress():
    needs, offers = synth.generate(200, 200, seed=20)
    seen = []
    result = solve(needs, offers, progress=lambda f, msg: seen.append((f, msg)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        solve(needs, offers, cancel=cancel, dense_limit=0)
    with pytest.raises(Cancelled):
        solve(needs, offers, cancel=lambda: True)
    assert result.status == "optimal"


def test_explanations_are_shared_words():
    needs, offers = synth.generate(300, 300, seed=21)
    result = solve(needs, offers)
    text = {it.id: it.text for it in needs + offers}
    assert any(p.phrases for p in result.pairs)
    for p in result.pairs:
        for phrase in p.phrases:
            assert phrase not in {"和", "的", "与"} and len(phrase) >= 2
            assert phrase in content_words(text[p.need_id]) and phrase in content_words(text[p.offer_id])
        parts = sum(p.parts[k] for k in ("text", "domain", "distance", "rule"))
        assert parts == pytest.approx(p.score, abs=1e-5)


def test_explanation_example():
    need = Item("n", "村里猕猴桃滞销，希望对接电商销售渠道和冷链物流", "农业产业", "610115")
    offer = Item("o", "本公司从事农产品电商与冷链物流，可帮助销售特色农产品", "电商销售", "610115")
    (pair,) = solve([need], [offer]).pairs
    assert pair.phrases == ["电商", "销售", "冷链", "物流"]
    assert pair.parts["detail"]["distance"] == "同县" and pair.parts["detail"]["domain"] == "相关领域"


def test_best_partners():
    needs, offers = synth.generate(100, 400, seed=22)
    engine = Engine(needs, offers, Settings(excluded={(needs[3].id, offers[0].id)}))
    top = engine.best_partners(3, k=5)
    row = engine.scorer.block(np.array([3]), np.arange(400))[0]
    row[0] = -1
    assert [p.score for p in top] == sorted((p.score for p in top), reverse=True)
    assert top[0].score == pytest.approx(row.max() / 1e6)
    assert len(top) == 5 and all(p.need_id == needs[3].id for p in top)


def test_closeness_classes():
    codes = np.array([330106, 330106, 330108, 330281, 340102, 510104])
    got = geo.closeness(codes[:1], codes)
    assert got.tolist() == [1.0, 1.0, 0.7, 0.4, 0.2, 0.0]
    assert len(synth.county_codes()) == 2845


def test_dictionary_is_cached_under_var_and_segments_identically(tmp_path, monkeypatch):
    """A fresh process loads jieba's prefix dictionary from var/cache instead of rebuilding it; the
    cached tokenizer is jieba's own plus the program words, so every explanation is unchanged."""
    import importlib

    import jieba

    explain_module = importlib.import_module("tongxin.matching.engine.explain")
    monkeypatch.setenv("TONGXIN_VAR_DIR", str(tmp_path))
    path = explain_module.cache_path()
    assert path.parent == tmp_path / "cache" and not path.exists()
    monkeypatch.setattr(explain_module.tempfile, "gettempdir", lambda: str(tmp_path / "no-tmp"))
    explain_module.tokenizer.cache_clear()
    try:
        built = explain_module.tokenizer()
        assert path.exists()
        explain_module.tokenizer.cache_clear()
        loaded = explain_module.tokenizer()
        assert loaded is not built and loaded.initialized
        reference = jieba.Tokenizer()
        for word in explain_module.PROGRAM_WORDS:
            reference.add_word(word, freq=100_000)
        assert (loaded.FREQ, loaded.total) == (reference.FREQ, reference.total)
        text = "村里茶叶种植规模大,缺少冷链仓储和电商销售渠道,希望发展直播带货"
        assert loaded.lcut(text) == reference.lcut(text)
        assert "冷链" in loaded.lcut(text) and "直播带货" in loaded.lcut(text)
        path.write_bytes(b"not a dictionary")  # a damaged cache is rebuilt, not trusted
        explain_module.tokenizer.cache_clear()
        assert explain_module.tokenizer().FREQ == reference.FREQ
    finally:
        explain_module.tokenizer.cache_clear()
