"""Money parsing: one rule for a cell and for a whole column."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tongxin.core.money import parse_amount, parse_amounts

amounts = st.floats(min_value=-1e9, max_value=1e12, allow_nan=False, allow_infinity=False)


def _one(value, scale=1):
    try:
        return parse_amount(value, scale=scale)
    except ValueError as exc:
        return type(exc)


@given(st.lists(amounts, min_size=1, max_size=50), st.sampled_from([1, 10_000, 100_000_000]))
def test_a_column_of_floats_parses_as_each_cell_would(values, scale):
    column = [type(r) if isinstance(r, ValueError) else r for r in parse_amounts(values, scale=scale)]
    assert column == [_one(v, scale) for v in values]


def test_mixed_cells_keep_their_own_refusals():
    out = parse_amounts([1.5, "３００万", -2.0, "很多", None])
    assert out[:2] == [Decimal("1.50"), Decimal("3000000.00")] and out[4] is None
    assert [str(out[2]), str(out[3])] == ["金额不能为负数", "“很多”不是金额"]


@given(st.lists(st.integers(min_value=0, max_value=10**15 + 10), min_size=1, max_size=50), st.data())
def test_a_column_of_whole_cents_parses_to_the_same_digits_as_each_cell(cents, data):
    """Sheets of yuan hold whole cents, which take a faster path: the same Decimals, down to the
    two places, as `parse_amount` gives each cell; one odd cell sends the column the usual way."""
    values = [c / 100 for c in cents]
    if data.draw(st.booleans()):
        values.append(data.draw(amounts))
    column = [type(r) if isinstance(r, ValueError) else str(r) for r in parse_amounts(values)]
    assert column == [r if r is ValueError else str(r) for r in map(_one, values)]


def test_whole_cents_keep_their_two_places():
    assert [str(a) for a in parse_amounts([1234.0, 0.5, 12153.79, 0.0])] == [
        "1234.00",
        "0.50",
        "12153.79",
        "0.00",
    ]
    assert [str(a) for a in parse_amounts([1.005, 2.0])] == ["1.01", "2.00"]  # half up, through repr
