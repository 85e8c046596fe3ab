"""Geography from 6-digit county codes alone, so any pair can be scored without coordinates.

A code ``PPCCDD`` names its province (``PP``), prefecture (``PPCC``) and county. Distance is a
closeness class: same county > same prefecture > same province > neighbouring province > other.
"""

from __future__ import annotations

import numpy as np

GEO_SAME_COUNTY = 1.0
GEO_SAME_PREFECTURE = 0.7
GEO_SAME_PROVINCE = 0.4
GEO_NEIGHBOUR = 0.2
GEO_OTHER = 0.0

PROVINCE_NAMES = {
    11: "北京",
    12: "天津",
    13: "河北",
    14: "山西",
    15: "内蒙古",
    21: "辽宁",
    22: "吉林",
    23: "黑龙江",
    31: "上海",
    32: "江苏",
    33: "浙江",
    34: "安徽",
    35: "福建",
    36: "江西",
    37: "山东",
    41: "河南",
    42: "湖北",
    43: "湖南",
    44: "广东",
    45: "广西",
    46: "海南",
    50: "重庆",
    51: "四川",
    52: "贵州",
    53: "云南",
    54: "西藏",
    61: "陕西",
    62: "甘肃",
    63: "青海",
    64: "宁夏",
    65: "新疆",
    81: "香港",
    82: "澳门",
}

# 东西部协作 as adjusted in 2021: eight eastern provinces help ten western ones. 河北 and 海南 give no
# 协作 help; 西藏 and 新疆 are served by 对口支援 instead, so neither belongs to these two sets.
EAST = frozenset({11, 12, 31, 32, 33, 35, 37, 44})
WEST = frozenset({15, 45, 50, 51, 52, 53, 61, 62, 63, 64})

# The official 结对 (paired provinces) of the 2021 adjustment: helping province -> helped provinces.
EAST_WEST_PARTNERS: dict[int, frozenset[int]] = {
    11: frozenset({15}),
    12: frozenset({62}),
    31: frozenset({53}),
    32: frozenset({61, 63}),
    33: frozenset({51}),
    35: frozenset({64}),
    37: frozenset({50, 62}),
    44: frozenset({45, 52}),
}

_BORDERS = {
    11: (12, 13),
    12: (13,),
    13: (14, 15, 21, 37, 41),
    14: (15, 41, 61),
    15: (21, 22, 23, 61, 62, 64),
    21: (22,),
    22: (23,),
    31: (32, 33),
    32: (33, 34, 37),
    33: (34, 35, 36),
    34: (36, 37, 41, 42),
    35: (36, 44),
    36: (42, 43, 44),
    37: (41,),
    41: (42, 61),
    42: (43, 50, 61),
    43: (44, 45, 50, 52),
    44: (45, 46, 81, 82),
    45: (52, 53),
    50: (51, 52, 61),
    51: (52, 53, 54, 61, 62, 63),
    52: (53,),
    53: (54,),
    54: (63, 65),
    61: (62, 64),
    62: (63, 64, 65),
    63: (65,),
}


def _neighbour_table() -> np.ndarray:
    table = np.zeros((100, 100), dtype=bool)
    for a, bs in _BORDERS.items():
        for b in bs:
            table[a, b] = table[b, a] = True
    return table


NEIGHBOURS = _neighbour_table()


def province_of(codes: np.ndarray) -> np.ndarray:
    """Two-digit province part of county codes."""
    return np.asarray(codes, dtype=np.int64) // 10000


def partner_table(partners: dict[int, frozenset[int]] | None) -> np.ndarray:
    """Boolean [offer province, need province] table of a program's preferred province pairs."""
    table = np.zeros((100, 100), dtype=bool)
    for offer_prov, need_provs in (partners or {}).items():
        for need_prov in need_provs:
            table[offer_prov, need_prov] = True
    return table


def closeness(need_codes: np.ndarray, offer_codes: np.ndarray) -> np.ndarray:
    """Closeness class in [0, 1] of need codes against offer codes, broadcasting as numpy does."""
    a = np.asarray(need_codes, dtype=np.int64)
    b = np.asarray(offer_codes, dtype=np.int64)
    pa, pb = a // 10000, b // 10000
    out = np.where(NEIGHBOURS[pa, pb], GEO_NEIGHBOUR, GEO_OTHER)
    out = np.where(pa == pb, GEO_SAME_PROVINCE, out)
    out = np.where(a // 100 == b // 100, GEO_SAME_PREFECTURE, out)
    return np.where(a == b, GEO_SAME_COUNTY, out)


def closeness_class_name(value: float) -> str:
    """Human label of a closeness value, for explanations."""
    return {
        GEO_SAME_COUNTY: "同县",
        GEO_SAME_PREFECTURE: "同市",
        GEO_SAME_PROVINCE: "同省",
        GEO_NEIGHBOUR: "邻省",
    }.get(value, "异地")
