"""The reviewed catalog holds every target of the five plans, each traceable to its clause."""

import re

import pytest

from kpis.catalog.files import clause_text, load_catalog, plan_text_path

PLANS = ["2021-wujin", "2022-yichang", "2022-zhuji", "2024-county", "2025-taizhou"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def kpi(catalog, plan, name_part):
    matches = [k for k in catalog.plan(plan)["kpis"] if name_part in k["name"]]
    assert len(matches) == 1, f"{plan}: {name_part!r} matched {[k['name'] for k in matches]}"
    return matches[0]


def test_all_five_plans_are_catalogued(catalog):
    assert [p["plan"] for p in catalog.plans] == PLANS


@pytest.mark.parametrize(
    "plan, name, comparator, target, unit",
    [
        ("2022-yichang", "公办园在园幼儿占比", ">=", 50, "%"),
        ("2022-yichang", "普惠性幼儿园覆盖率", ">=", 85, "%"),
        ("2025-taizhou", "近视率", "decrease_by", 1, "百分点"),
        ("2025-taizhou", "智慧校园", ">=", 95, "%"),
        ("2025-taizhou", "公办园在园幼儿占比", ">=", 75, "%"),
        ("2025-taizhou", "综合体育活动时间", ">=", 2, "小时"),
        ("2025-taizhou", "午休躺睡装备", ">=", 6000, "套"),
        ("2021-wujin", "新增學位", ">=", 6590, "个"),
        ("2022-zhuji", "认定骨干教师数", ">=", 1500, "名"),
        ("2024-county", "建成并启用", ">=", 4, "所"),
        ("2025-taizhou", "宗文小学", ">=", 2, "所"),
        ("2022-zhuji", "开工建设", ">=", 4, "个"),
        ("2022-zhuji", "国家级评估", ">=", 2, "项"),
        ("2022-yichang", "大班额", "<=", 0, "个"),
        ("2022-yichang", "公务员", ">=", 100, "%"),
        ("2022-yichang", "两个只增不减", ">=", 2, "个"),
        ("2021-wujin", "納入集團", ">=", 100, "%"),
        ("2021-wujin", "心理教師", ">=", 100, "%"),
    ],
)
def test_key_targets(catalog, plan, name, comparator, target, unit):
    k = kpi(catalog, plan, name)
    assert (k["comparator"], k["target"], k["unit"]) == (comparator, target, unit)


def test_ranges_carry_an_upper_target(catalog):
    k = kpi(catalog, "2021-wujin", "市優質園")
    assert (k["target"], k["target_upper"]) == (4, 5)
    k = kpi(catalog, "2022-yichang", "职教联盟")
    assert (k["target"], k["target_upper"]) == (2, 3)


def test_relative_targets_have_a_baseline(catalog):
    k = kpi(catalog, "2025-taizhou", "近视率")
    assert k["baseline"]["period"] == "2024"
    assert k["kind"] == "ratio" and k["formula"]["numerator"] == [{"element": "myopia_students"}]


def test_every_kpi_has_its_verbatim_source_clause(catalog):
    for plan in catalog.plans:
        text = clause_text(plan_text_path(plan["plan"]).read_text(encoding="utf-8"))
        for k in plan["kpis"]:
            assert k["source"].strip(), k["code"]
            assert re.sub(r"\s+", "", k["source"]) in text, k["code"]
            # The clause carries the number the target was read from; a milestone's target is "done",
            # and a count of named projects or a level without a numeral says in its note what it counts.
            assert (re.search(r"\d|[一二三四五六七八九十两百千万]|清零", k["source"]) or k["kind"] == "milestone"
                    or k.get("note")), k["code"]


# Hand-counted from the plan texts (seed/catalog/README.md lists what was left out and why).
TARGETS = {"2021-wujin": 23, "2022-yichang": 17, "2022-zhuji": 23, "2024-county": 4, "2025-taizhou": 26}
MILESTONES = {
    "2021-wujin": ["WJ21-16", "WJ21-17", "WJ21-18", "WJ21-21", "WJ21-22", "WJ21-23"],
    "2022-yichang": ["YC22-07", "YC22-08", "YC22-09", "YC22-11", "YC22-12"],
    "2022-zhuji": ["ZJ22-16", "ZJ22-17", "ZJ22-18", "ZJ22-20", "ZJ22-21", "ZJ22-22"],
    "2024-county": [],
    "2025-taizhou": ["TZ25-22", "TZ25-23", "TZ25-24", "TZ25-25", "TZ25-26"],
}


def test_every_target_of_each_plan_hand_counted(catalog):
    assert {p["plan"]: len(p["kpis"]) for p in catalog.plans} == TARGETS
    assert sum(TARGETS.values()) == 93


def test_milestones_are_named_tasks_done_by_the_end_of_the_year(catalog):
    for plan in catalog.plans:
        ms = [k for k in plan["kpis"] if k["kind"] == "milestone"]
        assert [k["code"] for k in ms] == MILESTONES[plan["plan"]]
        for k in ms:
            assert (k["comparator"], k["target"], k["target_upper"], k["data_path"], k["pace"]) == \
                (">=", 1, None, "bureau", "end_of_year"), k["code"]
    assert kpi(catalog, "2022-zhuji", "杨梅桥")["source"] == "完成杨梅桥小学扩建工程"
    assert kpi(catalog, "2025-taizhou", "新办")["unit"] == "所"  # 谋划新办一所高品质普通高中


@pytest.mark.parametrize("plan", ["2021-wujin", "2022-yichang", "2022-zhuji", "2025-taizhou"])
def test_every_numbered_item_is_a_task(catalog, plan):
    """Items 1..N appear with no gap, and every 'N.' that opens a line in the plan is among them."""
    numbers = [int(it["number"]) for s in catalog.plan(plan)["sections"] for it in s["items"]]
    assert numbers == list(range(1, len(numbers) + 1))
    text = plan_text_path(plan).read_text(encoding="utf-8")
    in_text = {int(m) for m in re.findall(r"^\s*(\d{1,2})\s*[.．、]\s*\S", text, flags=re.M)}
    assert in_text <= set(numbers)


def test_county_plan_sections_are_all_present(catalog):
    titles = [s["number"] for s in catalog.plan("2024-county")["sections"]]
    assert titles == ["一", "二", "三", "四", "五", "六", "七", "八"]


def test_traditional_plan_is_kept_as_written(catalog):
    p = catalog.plan("2021-wujin")
    assert p["script"] == "traditional"
    assert "學位" in kpi(catalog, p["plan"], "新增學位")["source"]


def test_names_the_web_copy_withheld_read_as_placeholders(catalog):
    """The web copy of 2025-taizhou writes 〔...〕 where it withheld a name; the catalog writes ××."""
    items = {it["number"]: it["text"] for s in catalog.plan("2025-taizhou")["sections"] for it in s["items"]}
    assert "深化××市\"阳光思政\"中小学思政一体化建设改革" in items["4"]
    assert "实施\"1+××+Y\"项目推进策略,\"1\"为局党委点题的综合改革重点项目,\"××\"为职能科室揭榜领办" in items["18"]
    assert "修订《××市公办学校编制外用工管理办法》" in items["15"]
    for plan in catalog.plans:
        for s in plan["sections"]:
            for it in s["items"]:
                quoted = re.findall(r'"([^"]*)"', it["text"]) + re.findall(r"“([^”]*)”", it["text"])
                assert all(q.strip() for q in quoted), (plan["plan"], it["number"], "empty quotes")
                for broken in ("++", "深化市"):
                    assert broken not in it["text"], (plan["plan"], it["number"], broken)


def test_no_web_debris_in_item_texts(catalog):
    debris = ["必赢", "来源:", "來源:", "巧巧簡歷站", "二维码", "分享 时间", "〔...〕"]
    for plan in catalog.plans:
        for s in plan["sections"]:
            for it in s["items"]:
                for d in debris:
                    assert d not in it["text"], (plan["plan"], it["number"], d)


def test_the_plan_readers_labels_are_taken_from_the_catalog(catalog):
    """tests/kpis/plan_reader/labels.json: one label per catalog KPI whose clause writes its target's number."""
    import json
    from pathlib import Path

    labels = json.loads((Path(__file__).parents[1] / "kpis" / "plan_reader" / "labels.json").read_text("utf-8"))["labels"]
    by_code = {k["code"]: (p["plan"], k) for p in catalog.plans for k in p["kpis"]}
    for lb in labels:
        plan, k = by_code[lb["code"]]
        assert (lb["plan"], lb["item"], lb["source"], lb["value"], lb["value_upper"], lb["unit"], lb["comparator"]) == \
               (plan, k["item"], k["source"], k["target"], k["target_upper"], k["unit"], k["comparator"]), lb["code"]
    added = {"TZ25-21", "TZ25-22", "TZ25-23", "TZ25-24", "TZ25-25", "TZ25-26", "YC22-07", "YC22-08", "YC22-09",
             "YC22-10", "YC22-11", "YC22-12", "YC22-13", "YC22-14", "YC22-15", "YC22-16", "YC22-17"} | \
        {f"ZJ22-{n}" for n in range(16, 24)} | {f"WJ21-{n}" for n in range(16, 24)}
    assert len(added) == 33
    assert sorted(lb["code"] for lb in labels if lb["code"] in added) == ["TZ25-22", "YC22-15"]  # 一所, 两个
    assert len(labels) == 62 and set(by_code) - added <= {lb["code"] for lb in labels}
