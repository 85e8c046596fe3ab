from hypothesis import given
from hypothesis import strategies as st

from tongxin.core.text import normalize


def test_traditional_and_fullwidth_fold_to_one_spelling():
    assert normalize("畢節市 民進中央（社區）１２３") == "毕节市 民进中央(社区)123"


@given(st.text(alphabet="毕节市民建中央安庆 畢節 ０１２ABC", max_size=30))
def test_normalize_is_idempotent(value):
    assert normalize(normalize(value)) == normalize(value)
