import pytest
from django.test import Client

from tongxin.core.errors import Forbidden, Invalid
from tongxin.core.permissions import SYSTEM
from tongxin.regions.loader import EXPECTED, load_regions
from tongxin.regions.models import Level, Region, short_name
from tongxin.regions.selectors import RegionNotFound, region_lookup, region_resolve, region_subtree
from tongxin.regions.services import village_create

pytestmark = pytest.mark.django_db


def test_official_table_is_loaded_with_its_counts():
    for level, expected in EXPECTED.items():
        assert Region.objects.filter(level=level, official=True).count() == expected
    zhijin = Region.objects.get(code="520524")
    assert (zhijin.name, zhijin.level, zhijin.parent_id) == ("织金县", Level.COUNTY, "520500")


def test_loading_again_changes_nothing():
    result = load_regions()
    assert result.created == 0
    assert Region.objects.count() == sum(EXPECTED.values())


def test_every_child_code_lies_under_its_parent_prefix():
    parents = {
        r.code: r for r in Region.objects.filter(level__in=[Level.PROVINCE, Level.PREFECTURE, Level.COUNTY])
    }
    for code, parent_id in Region.objects.exclude(parent=None).values_list("code", "parent_id"):
        assert code.startswith(parents[parent_id].prefix)


def test_subtree_of_bijie():
    bijie = Region.objects.get(code="520500")
    subtree = region_subtree(bijie)
    counties = set(subtree.filter(level=Level.COUNTY).values_list("name", flat=True))
    assert {"七星关区", "大方县", "金沙县", "织金县", "纳雍县", "赫章县", "黔西市"} <= counties
    assert len(counties) == 8
    assert subtree.filter(level=Level.TOWNSHIP).count() > 200
    assert not subtree.exclude(code__startswith="5205").exists()


@pytest.mark.parametrize("name", ["毕节", "畢節", "毕节市", "520500", " 畢節市 "])
def test_short_and_traditional_names_resolve(name):
    assert region_resolve(name).code == "520500"


def test_ambiguous_name_returns_every_candidate_with_parents():
    candidates = region_lookup("大洋镇")
    assert len(candidates) == 4
    labels = {c.label for c in candidates}
    assert "浙江省 杭州市 建德市 大洋镇" in labels
    assert "福建省 福州市 永泰县 大洋镇" in labels
    with pytest.raises(RegionNotFound) as exc:
        region_resolve("大洋镇")
    assert "4个同名区划" in str(exc.value) and "330182107" in str(exc.value)


@pytest.mark.parametrize(
    ("name", "code"), [("织金县纳雍乡", "520524215"), ("贵州毕节", "520500"), ("畢節市織金縣", "520524")]
)
def test_names_written_together_with_their_parents(name, code):
    assert region_resolve(name).code == code


def test_ambiguity_resolved_within_a_parent():
    zhejiang_hangzhou = Region.objects.get(code="330100")
    assert region_resolve("大洋镇", within=zhejiang_hangzhou).code == "330182107"


def test_unknown_name_is_a_clear_refusal():
    with pytest.raises(RegionNotFound, match="未找到行政区划“乌有之乡市”"):
        region_resolve("乌有之乡市")


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("毕节市", "毕节"),
        ("威宁彝族回族苗族自治县", "威宁"),
        ("广西壮族自治区", "广西"),
        ("城区", "城区"),
        ("七星关区", "七星关"),
    ],
)
def test_short_names(name, short):
    assert short_name(name) == short


def test_village_added_under_township_with_local_code(users):
    township = Region.objects.filter(parent_id="520524", level=Level.TOWNSHIP).first()
    village = village_create(actor=users["bijie"], township=township, name="新华村")
    assert village.code == f"{township.code}900" and not village.official
    second = village_create(
        actor=users["bijie"], township=township, name="光明社区", code=f"{township.code}201"
    )
    assert second.official and second.level == Level.VILLAGE
    assert region_resolve("光明社区", within=township).pk == second.pk


def test_village_rules(users):
    county = Region.objects.get(code="520524")
    with pytest.raises(Invalid, match="乡镇街道"):
        village_create(actor=SYSTEM, township=county, name="某村")
    township = Region.objects.filter(parent_id="520524", level=Level.TOWNSHIP).first()
    with pytest.raises(Invalid, match="12位"):
        village_create(actor=SYSTEM, township=township, name="某村", code="123")
    elsewhere = Region.objects.filter(parent_id="340802", level=Level.TOWNSHIP).first()
    with pytest.raises(Forbidden):
        village_create(actor=users["bijie"], township=elsewhere, name="某村")
    assert not Region.objects.filter(name="某村").exists()


def test_api_regions(client):
    body = client.get("/api/regions?level=county&limit=5").json()
    assert body["count"] >= 2845 and len(body["items"]) == 5
    assert client.get("/api/regions/520524").json() == {
        "code": "520524",
        "name": "织金县",
        "level": "county",
        "parent": "520500",
    }
    children = client.get("/api/regions?parent=520500&limit=100").json()
    assert children["count"] == 8
    assert client.get("/api/regions?q=畢節").json()["items"][0]["code"] == "520500"
    assert client.get("/api/regions?level=planet").status_code == 422


def test_api_unknown_region_names_candidates(client):
    response = client.get("/api/regions/999999")
    assert response.status_code == 404 and "999999" in response.json()["message"]
    lookup = client.get("/api/regions/lookup?name=大洋镇").json()
    assert len(lookup) == 4 and all(len(c["path"]) == 3 for c in lookup)


def test_region_page_lists_children_and_programs(users):
    client = Client()
    client.force_login(users["coordinator"])
    page = client.get("/regions/520500/").content.decode()
    assert "织金县" in page and "组团式帮扶毕节" in page
    search = client.get("/regions/", {"q": "大洋镇"}).content.decode()
    assert search.count("大洋镇") >= 4 and "永泰县" in search


def _xlsx(rows) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_villages_imported_all_or_nothing_then_idempotent(users):
    from tongxin.core.ledger import importer
    from tongxin.regions.ledgers import VILLAGES

    township = Region.objects.filter(parent_id="520524", level=Level.TOWNSHIP).order_by("code").first()
    bad = _xlsx(
        [
            ["乡镇街道", "名称", "区划代码"],
            [township.code, "一村", ""],
            ["大洋镇", "二村", ""],
            [township.code, "三村", "12"],
        ]
    )
    result = importer.run(VILLAGES, actor=users["bijie"], name="村.xlsx", data=bad)
    assert not result.ok and {e.row for e in result.errors} == {3, 4}
    assert "4个同名区划" in str(result.errors[0]) and "12位" in result.errors[1].message
    assert not Region.objects.filter(name="一村").exists()
    good = _xlsx(
        [
            ["乡镇街道", "名称", "区划代码"],
            [township.code, "一村", ""],
            [f"织金县{township.name}", "二村", ""],
        ]
    )
    first = importer.run(VILLAGES, actor=users["bijie"], name="村.xlsx", data=good)
    assert first.ok and first.created == 2
    again = importer.run(VILLAGES, actor=users["bijie"], name="村.xlsx", data=good)
    assert again.ok and again.created == 0
    assert Region.objects.filter(parent=township, level=Level.VILLAGE).count() == 2
