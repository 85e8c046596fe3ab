"""Normalization keeps a faithful map back to the original text; input decoding refuses what it cannot read."""

import importlib

import pytest

from tongxin.ingest.engine.body import find_body
from tongxin.ingest.engine.normalize import UnsupportedInput, decode_bytes, find_mojibake, normalize

norm_mod = importlib.import_module("tongxin.ingest.engine.normalize")


def clean(text: str) -> str:
    return normalize(text).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("統(tǒng)戰(zhàn)部", "统战部"),
        ("梁(liang)建(jian)章(zhang)说", "梁建章说"),
        ("盈(ying)利(li)1(1)4(4)亿(yi),(,)", "盈利14亿,"),
        ("我(wo)们(men)((()的(de)盈(ying)利(li))())", "我们(的盈利)"),
    ],
)
def test_pinyin_glosses_removed(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "服务邻近4个社区(社区)",
        "(来源:安庆新闻网)",
        "阿里巴巴集团(BABA.NYSE;09988.HK)",
        "毕节各县(自治县、市、区)",
        "条款(a)和条款(b)",
        "首批(1)号",
    ],
)
def test_real_parentheses_kept(raw):
    assert clean(raw) == raw


def test_romanized_paragraph_dropped_but_lines_kept():
    text = "标题\nliangjianzhang:qunianxiechengshifeichangkunnande,yingli14yi,zhuyaoshichengben\n正文"
    out = clean(text)
    assert out.split("\n") == ["标题", "", "正文"]


def test_english_paragraph_is_not_taken_for_pinyin():
    text = "The company reported strong growth in the third quarter this year."
    assert clean(text) == text


def test_quote_maps_back_through_glosses():
    n = normalize("盈(ying)利(li)1(1)4(4)亿(yi)元")
    i = n.text.index("14亿元")
    assert n.quote(i, i + 4) == "1(1)4(4)亿(yi)元"


def test_every_clean_character_maps_to_the_same_character_in_the_original():
    raw = "　統(tǒng)戰(zhàn)：投入資金４．６７億元，約７萬人\u200b。"
    n = normalize(raw)
    assert n.text == " 统战:投入资金4.67亿元,约7万人。"
    for i, ch in enumerate(n.text):
        a, b = n.orig_span(i, i + 1)
        assert b - a == 1
        assert normalize(n.original[a:b]).text == ch


def test_full_width_digits_and_punctuation_folded():
    assert clean("１２３４５％，（完）") == "12345%,(完)"
    assert clean("地域﹢领域") == "地域+领域"


def test_traditional_converted_with_same_length():
    raw = "民盟中央協調當地學校與畢節138所中小學、7所職業院校建立結對幫扶關係。"
    n = normalize(raw)
    assert n.text == "民盟中央协调当地学校与毕节138所中小学、7所职业院校建立结对帮扶关系。"
    assert len(n.text) == len(raw)


def test_offsets_stay_right_when_conversion_changes_length(monkeypatch):
    class Expanding:
        def convert(self, text):
            return text.replace("萬", "万万")

    monkeypatch.setattr(norm_mod, "_converter", lambda: Expanding())
    n = normalize("約7萬人\n共3處")
    assert n.text == "約7万万人\n共3處"
    i = n.text.index("3處")
    assert n.quote(i, i + 2) == "3處"
    j = n.text.index("7")
    assert n.quote(j, j + 4) == "7萬人"


def test_decode_utf8_and_gbk():
    text = "投入资金4.67亿元，培训师生56.82万人次。"
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_bytes(text.encode("gbk")) == (text, "gbk")


def test_decode_gb18030_beyond_gbk():
    text = "中文𠀀测试"
    decoded, encoding = decode_bytes(text.encode("gb18030"))
    assert decoded == text and encoding == "gb18030"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(256)) * 4,
        "中文".encode("utf-16"),
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    ],
)
def test_binary_or_unknown_encodings_refused(data):
    with pytest.raises(UnsupportedInput):
        decode_bytes(data)


def test_mojibake_flagged_not_repaired():
    broken = "发布时间，这是一个测试。统一战线帮扶".encode().decode("gbk", errors="replace")
    text = "正常的标题\n" + broken + "\n乱码Ã©Ã¨结束锟斤拷"
    n = normalize(text)
    kinds = {w.kind for w in n.warnings}
    assert any("utf8-as-gbk" in k for k in kinds)
    assert any("latin1-as-utf8" in k for k in kinds)
    assert any("gbk-replacement" in k for k in kinds)
    for w in n.warnings:
        assert text[w.start : w.end] == w.text
    assert broken[:2] in n.text


def test_clean_text_has_no_mojibake_warnings():
    assert find_mojibake("統一戰線幫扶畢節，開展活動20余次，門診人次59.18萬人次。") == []


def test_body_drops_page_furniture_and_stops_at_end_mark():
    page = "\n".join(
        [
            "全市新建服务站12处",
            "编辑:某某网 发布时间:2024年07月22日 阅读 8651",
            "(来源:某某新闻网)",
            "2025-11-26 10:40:30",
            "  今年以来,全市新建服务站12处,开展活动30余场次,服务群众5000余人次,取得良好成效。",
            "资料图:服务站一角。 张三 摄",
            "  下一步,将继续推进服务站建设,计划再建设服务站8处,进一步扩大覆盖面。(完)",
            "更多阅读:全省建成驿站300个...",
            "相关内容",
            "某地新建学校3所...",
        ]
    )
    body = find_body(normalize(page).text)
    kept = [page[b.start : b.end] for b in body]
    assert kept[0] == "全市新建服务站12处" and body[0].role == "title"
    assert any("开展活动30余场次" in k for k in kept)
    assert kept[-1].endswith("进一步扩大覆盖面。")
    assert not any("阅读" in k or "摄" in k or "学校3所" in k or "2025-11-26" in k for k in kept)
