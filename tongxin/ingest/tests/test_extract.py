"""Figure extraction rules from the corpus spec, one behaviour per test."""

import opencc
import pytest

from tongxin.ingest.engine import extract_file, extract_text


def facts(text, *, optional=False):
    return [f for f in extract_text(text) if optional or not f.optional]


def one(text):
    found = facts(text)
    assert len(found) == 1, found
    return found[0]


def triples(text):
    return [(f.value, f.unit, f.approx) for f in facts(text)]


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("投入资金4.67亿元。", 467000000, "元", "exact"),
        ("捐赠资金300万元。", 3000000, "元", "exact"),
        ("捐赠总价值超千万元。", 10000000, "元", "over"),
        ("线上线下培训师生56.82万人次。", 568200, "人次", "exact"),
        ("织金竹荪种植面积达1.6万亩。", 16000, "亩", "exact"),
        ("履约率达96.46%。", 96.46, "%", "exact"),
        ("报送调研报告1100余篇。", 1100, "篇", "over"),
        ("开展活动300多场次。", 300, "场次", "over"),
        ("全产业链总产值18亿元以上。", 1800000000, "元", "over"),
        ("专利超过120项。", 120, "项", "over"),
        ("从事种植的农户约7万人。", 70000, "人", "about"),
        ("投入资金不足50万元。", 500000, "元", "under"),
        ("建成厂房12万平方米。", 120000, "平方米", "exact"),
        ("年产6000吨亚麻纱线。", 6000, "吨", "exact"),
        ("惠及农户约两千户。", 2000, "户", "about"),
        ("累计培训1,200人次。", 1200, "人次", "exact"),
        ("占比达到百分之三十五。", 35, "%", "exact"),
        ("新增就业岗位十二万个。", 120000, "个", "exact"),
        ("帮扶558户48.79万人。", 487900, "人", "exact"),
        ("每个基地投入30余万元。", 300000, "元", "over"),
        ("登記有案之1萬2,083座寺廟。", 12083, "座", "exact"),
        ("共1万2千人参加。", 12000, "人", "exact"),
        ("投入1亿5千万元。", 150000000, "元", "exact"),
        ("落地项目至少3个。", 3, "个", "over"),
        ("捐款3-5万元。", 30000, "元", "exact"),
        ("統(tǒng)戰(zhàn)部門舉(jǔ)辦活動(dòng)20余場(chǎng)次。", 20, "场次", "over"),
    ],
)
def test_values_units_and_approximations(text, value, unit, approx):
    assert (value, unit, approx) in triples(text)


def test_two_figures_in_one_phrase_give_two_facts():
    assert triples("推动30家民企与30村结对共建。") == [(30, "家", "exact"), (30, "村", "exact")]


def test_about_in_front_of_a_pair_covers_both():
    assert triples("约30%和45%的受访者表示满意。") == [(30, "%", "about"), (45, "%", "about")]


def test_growth_rates_are_changes():
    visits, rate = facts("门诊人次59.18万人次,同比增长11.82%。")
    assert rate.value == 11.82 and rate.unit == "%" and rate.change
    assert not visits.change


@pytest.mark.parametrize(
    "text",
    [
        "2025年4月,今年4月18日上午10:40,大会在安庆举行。",
        "两年来,十年间,连续三年开展活动。",
        "人才是发展的第一驱动力,首批项目顺利落地,排名全省前三。",
        "入选全国县级医院500强,跻身百强县。",
        "服务热线12345、0851-88886666全天开通。",
        "这是毕节教育事业发展的生动体现之一。",
        "一批重点项目落地,一些企业参与,大量资源导入,多个领域覆盖。",
        "这是一种系统性的合作,走出一条特色之路,是一次集中导入,交出了一份答卷,成为一大亮点。",
        "一项项新技术创造了一个又一个第一,一件件实事落地。",
        "推进“五大行动”和“万企兴万村”,推出“12345·首发”服务,形成“1+3+N”模式。",
        "巩固拓展七星关区人才共育模式,九三学社中央坚持科技特色。",
        "阅读 8651",
        "“光彩”二字带来的是看得见的变化。",
        "学生年满18岁,活动持续3天,历时5个月。",
        "第十四届全国人大二次会议在北京召开。",
        "坚决做到两个维护,增强四个意识,落实中央八项规定精神。",
        "在三门峡市召开座谈会。",
        "5G基站建设稳步推进,COVID-19防控有力。",
    ],
)
def test_exclusions(text):
    assert facts(text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("阿里最新财报释放两大信号。", 2, "个"),
        ("打造海归人才创新创业孵化器1处。", 1, "处"),
        ("为大方县打造一支带不走的医疗团队。", 1, "支"),
        ("产品销售到全球几十个国家。", 10, "个"),
        ("在人民日报等百家媒体报道。", 100, "家"),
        ("数百家企业参展。", 100, "家"),
        ("建立市县两级工作机制。", 2, "级"),
        ("建立三项机制。", 3, "项"),
    ],
)
def test_optional_facts_flagged_not_dropped(text, value, unit):
    assert facts(text) == []
    found = facts(text, optional=True)
    assert [(f.value, f.unit) for f in found] == [(value, unit)]
    assert all(f.optional for f in found)


def test_restated_figure_in_same_paragraph_is_optional():
    text = "促成签约产业项目113个、投资额558.66亿元。如今,113个项目中履约项目109个。"
    found = extract_text(text)
    assert [(f.value, f.optional) for f in found if f.value == 113] == [(113, False), (113, True)]


def test_headline_and_body_repeat_gives_two_facts():
    text = "建立新阶层服务站132处\n  在搭建平台方面,创新实施双站模式,建立新阶层服务站132处,打造创新实践基地36处。"
    assert [f.value for f in facts(text)].count(132) == 2


def test_quotes_are_exact_substrings_with_offsets():
    text = "  走访企业1234家、商会201家,开展谈心谈话1600余人次,服务企业100余家。"
    for f in facts(text):
        assert text[f.start : f.end] == f.quote
        assert any(ch.isdigit() for ch in f.quote)
    assert [f.quote for f in facts(text)][1] == "商会201家"


def test_quote_keeps_pinyin_glosses_inside():
    text = "去(qu)年(nian)携(xie)程(cheng)盈(ying)利(li)1(1)4(4)亿(yi)元(yuan)。"
    f = one(text)
    assert f.value == 1400000000 and f.unit == "元"
    assert f.quote in text and "1(1)4(4)亿(yi)元" in f.quote


def test_what_is_the_counted_noun():
    found = facts("走访企业1234家,动员4221家企业与3702个行政村结对共建,投入资金4.67亿元。")
    assert [f.what for f in found] == ["走访企业", "企业", "行政村", "投入资金"]


def test_place_and_organization_nearby():
    text = "民盟中央协调当地学校与毕节138所中小学建立结对帮扶关系。中国光彩基金会向织金县捐赠资金300万元。"
    first, second = facts(text)
    assert first.place == {"code": "520500", "name": "毕节市"}
    assert first.organization == "民盟中央"
    assert second.place == {"code": "520524", "name": "织金县"}
    assert second.organization == "中国光彩基金会"


def test_short_county_name_needs_context():
    f = one("毕节六中建成同心会议室,收到图书捐赠500册。")
    assert f.place == {"code": "520500", "name": "毕节市"}


ARTICLE = """统一战线帮扶毕节成效显著
  2023年7月以来,统一战线在毕节实施帮扶项目1383个、投入资金4.67亿元。民盟中央协调当地知名学校与毕节138所中小学、7所职业院校建立结对帮扶关系,线上线下培训师生56.82万人次,完善“烛光图书室”43个。
  目前,织金竹荪种植面积达1.6万亩,从事竹荪种植的农户约7万人,全产业链总产值18亿元以上。四川大学华西医院协作医院门诊人次59.18万人次,同比增长11.82%。(完)
相关阅读
某地新建学校3所..."""


def test_traditional_article_gives_the_same_values():
    simplified = [(f.value, f.unit, f.approx) for f in facts(ARTICLE)]
    assert len(simplified) == 11
    for config in ("s2t", "s2tw", "s2hk"):
        traditional = opencc.OpenCC(config).convert(ARTICLE)
        found = facts(traditional)
        assert [(f.value, f.unit, f.approx) for f in found] == simplified
        for f in found:
            assert traditional[f.start : f.end] == f.quote


def test_full_width_digits():
    f = one("投入资金４．６７亿元。")
    assert (f.value, f.unit, f.quote) == (467000000, "元", "投入资金４．６７亿元")


def test_body_furniture_not_extracted():
    page = ARTICLE.replace("(完)", "") + "\n产品推荐\n¥\n368.00\n4.6分\n最新评论"
    values = [f.value for f in facts(page)]
    assert 3 not in values and 368 not in values


def test_extract_file_txt_gbk_and_utf8(tmp_path):
    gbk = tmp_path / "a.txt"
    gbk.write_bytes(ARTICLE.encode("gbk"))
    utf = tmp_path / "b.txt"
    utf.write_text(ARTICLE, encoding="utf-8")
    assert [f.value for f in extract_file(gbk)] == [f.value for f in extract_file(utf)]


def test_extract_file_docx_with_table(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("帮扶工作总结")
    doc.add_paragraph("今年以来,全市共开展帮扶活动30余场次,惠及群众5000余人,成效明显。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "结对企业"
    table.cell(0, 1).text = "4221家"
    table.cell(1, 0).text = "投入资金"
    table.cell(1, 1).text = "4.67亿元"
    path = tmp_path / "report.docx"
    doc.save(path)
    found = [f for f in extract_file(path) if not f.optional]
    assert [(f.value, f.unit) for f in found] == [(30, "场次"), (5000, "人"), (4221, "家"), (467000000, "元")]
    assert found[2].what == "结对企业"
