"""Units and classifiers that may follow a figure, and the words around it that qualify it.

Lists here are general Chinese vocabulary (measure words, currency names, approximation words),
not phrases taken from any one article.
"""

import re

MONEY = {
    "元": "元",
    "美元": "元",
    "欧元": "元",
    "英镑": "元",
    "日元": "元",
    "港元": "元",
    "港币": "元",
    "澳门元": "元",
    "新台币": "元",
    "台币": "元",
    "人民币": "元",
    "块钱": "元",
    "澳元": "元",
    "韩元": "元",
}
PERCENT = {"%": "%", "个百分点": "%", "百分点": "%"}
MEASURE = {
    "亩": "亩",
    "公顷": "公顷",
    "平方米": "平方米",
    "平米": "平方米",
    "㎡": "平方米",
    "平方公里": "平方公里",
    "平方千米": "平方公里",
    "立方米": "立方米",
    "吨": "吨",
    "公斤": "公斤",
    "千克": "公斤",
    "克": "克",
    "斤": "斤",
    "公里": "公里",
    "千米": "公里",
    "米": "米",
    "千瓦时": "千瓦时",
    "千瓦": "千瓦",
    "兆瓦": "兆瓦",
    "升": "升",
    "公尺": "米",
    "平方公尺": "平方米",
}
COUNT = [
    "人次",
    "场次",
    "家次",
    "户次",
    "车次",
    "架次",
    "批次",
    "台次",
    "班次",
    "课时",
    "学时",
    "个",
    "家",
    "处",
    "名",
    "人",
    "位",
    "户",
    "场",
    "次",
    "期",
    "件",
    "篇",
    "条",
    "项",
    "所",
    "支",
    "册",
    "座",
    "批",
    "台",
    "套",
    "辆",
    "艘",
    "架",
    "间",
    "栋",
    "幢",
    "张",
    "本",
    "部",
    "份",
    "款",
    "种",
    "类",
    "门",
    "届",
    "轮",
    "堂",
    "节",
    "笔",
    "单",
    "宗",
    "起",
    "例",
    "头",
    "只",
    "株",
    "棵",
    "枚",
    "颗",
    "块",
    "片",
    "盏",
    "口",
    "对",
    "组",
    "队",
    "团",
    "倍",
    "级",
    "床",
]

UNITS: dict[str, tuple[str, str]] = {}
for _w, _c in MONEY.items():
    UNITS[_w] = (_c, "money")
for _w, _c in PERCENT.items():
    UNITS[_w] = (_c, "percent")
for _w, _c in MEASURE.items():
    UNITS[_w] = (_c, "measure")
for _w in COUNT:
    UNITS[_w] = (_w, "count")

_ALTS = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# What may follow a number: 余/多/来, a late 万/亿 (``30余万元``), the unit, then a trailing qualifier.
TAIL = re.compile(
    rf"(?P<mid>余|多|来)?(?P<mul>[万亿]+)?(?P<mid2>余|多)?\s?(?P<unit>{_ALTS})(?P<post>(?:或|及)?以上|(?:或|及)?以下|以内|左右|上下|有余|多)?"
)

# Classifier uses that are not counts: durations, rank words, phases, idioms.
NOT_A_COUNT_AFTER = {
    "个": re.compile(r"月|小时|工作日|星期|礼拜|季度|年头|世纪|多月|半月|半小时|百分"),
    "位": re.compile(r"数"),
    "期": re.compile(r"工程|项目|建设|园区|厂房"),
    "口": re.compile(r"子|之家|人"),
    "次": re.compile(r"方"),
    "节": re.compile(r"日|假"),
    "轮": re.compile(r"车"),
    "台": re.compile(r"湾|胞|商|资|企|办"),
}

PREFIX_APPROX = [
    (re.compile(r"(?:超过|超出|不少于|至少|逾|超)$"), "over"),
    (re.compile(r"(?:将近|接近|大约|约为|约有|约|近)$"), "about"),
    (re.compile(r"(?:不足|不到|不超过|少于|低于|未满|最多)$"), "under"),
]
# Words ending in 约/近/超 that are not approximations (签约, 附近, 赶超).
PREFIX_FALSE = re.compile(
    r"(?:[签条公制预节合特契相邀赴如履违婚纽誓盟聘租爽失守践成和集简隐婉缔]约|[附最邻靠亲就临贴]近|[赶高]超)$"
)
POST_APPROX = {
    "以上": "over",
    "或以上": "over",
    "及以上": "over",
    "有余": "over",
    "多": "over",
    "以下": "under",
    "或以下": "under",
    "及以下": "under",
    "以内": "under",
    "左右": "about",
    "上下": "about",
}
MID_APPROX = {"余": "over", "多": "over", "来": "about"}

CHANGE_BEFORE = re.compile(
    r"(?:增长|增加|增收|提高|提升|上升|下降|减少|降低|增幅|降幅|涨幅|跌幅|增速|同比|环比|新增|增设|回升|回落|下滑|上涨|下跌|"
    r"增|减|涨|降|翻)(?:了|达|达到)?\s*$"
)
# An increment named earlier in the clause: 新增就业岗位20万个, 增加…N名.
CHANGE_IN_CLAUSE = re.compile(r"新增|增加|增设|增收|减少|净增|扩招")

# Nouns that make a count part of a slogan-like enumeration (``三项机制``) — optional per the spec.
ENUMERATION_HEADS = re.compile(r"(?:机制|标准|环节|制度|体系|层级|链条|原则|理念|要求|方面|维度|层面)$")

# Common words built from a numeral and a classifier, or idioms, that do not state a figure.
LEXICAL = re.compile(
    r"四处|三番五次|三五成群|一五一十|三三两两|两口子|千家万户|万人空巷|百里挑一|千篇一律|"
    r"一一|九牛一毛|三言两语|五花八门|四面八方|七上八下|十全十美|一心一意|两面三刀|三令五申|"
    # national policy formulas, cited as names even without quotes
    r"八项规定|三会一课|两学一做|三严三实|一国两制|两个维护|四个意识|四个自信|两个确立|四个全面|五位一体|"
    r"三个代表|两个一百年|两个毫不动摇|三支一扶|六稳|六保|四下基层|千万工程|百千万工程|三个务必|两个结合|"
    r"十个明确|十四个坚持|四个现代化|两不愁三保障|三保障|四个服务|两个覆盖|四个坚持|四个伟大|三个倡议|"
    r"四个不摘|五个振兴|三块地|两新组织|两委"
)
