"""The catalog validator: what it refuses (seed/catalog_files.py, python -m seed.check)."""

import copy
import json

import pytest

from seed import check
from kpis.catalog import files as catalog_files
from kpis.catalog.files import CATALOG_DIR, CatalogError, load_catalog, read_plan_text, validate_plan


def plan_doc(plan_id: str) -> dict:
    return json.loads((CATALOG_DIR / f"{plan_id}.json").read_text(encoding="utf-8"))


def elements() -> dict:
    return {e["code"]: e for e in json.loads((CATALOG_DIR / "elements.json").read_text(encoding="utf-8"))}


@pytest.fixture
def no_plan_texts(monkeypatch, tmp_path):
    """Every place a plan text is looked for is empty."""
    monkeypatch.setattr(catalog_files, "PLANS_DIR_CANDIDATES", (tmp_path / "nowhere",))
    monkeypatch.setenv("EDUKPI_PLANS_DIR", str(tmp_path))
    load_catalog.cache_clear()
    yield
    load_catalog.cache_clear()


def test_a_missing_plan_text_is_an_error_not_a_skipped_check(no_plan_texts, capsys):
    with pytest.raises(CatalogError, match="找不到计划文本 2022-yichang.txt"):
        read_plan_text("2022-yichang")
    with pytest.raises(CatalogError, match="无法核对原文条款"):
        load_catalog()
    assert check.main([]) == 1
    out = capsys.readouterr().out
    assert out.count("找不到计划文本") == 5 and "1 个问题" in out


def test_validate_plan_without_a_text_reports_it():
    doc = plan_doc("2022-yichang")
    assert validate_plan(doc, elements(), None) == ["计划文本缺失或为空，无法核对原文条款"]
    assert validate_plan(doc, elements(), "") == ["计划文本缺失或为空，无法核对原文条款"]
    # 计划导入 checks only the shape of a plan it has just read from its own text
    assert validate_plan(doc, elements(), None, check_sources=False) == []


def test_a_clause_not_in_the_text_is_refused():
    doc = copy.deepcopy(plan_doc("2022-yichang"))
    next(k for k in doc["kpis"] if k["code"] == "YC22-01")["source"] = "公办园在园幼儿占比保持在60%以上"
    problems = validate_plan(doc, elements(), read_plan_text("2022-yichang"))
    assert problems == ["KPI YC22-01: 原文条款在计划文本中找不到: 公办园在园幼儿占比保持在60%以上"]


def county_with_kpi_on(item: str) -> dict:
    """2024-county with one more KPI, on the item named `item` (一是 opens sections 五, 七 and 八)."""
    doc = copy.deepcopy(plan_doc("2024-county"))
    doc["kpis"].append({**doc["kpis"][0], "code": "XC24-99", "item": item,
                        "source": "选派优秀年轻干部到沪江浙跟班锻炼", "name": "跟班锻炼"})
    return doc


def test_an_item_number_repeated_across_sections_must_name_its_section():
    text = read_plan_text("2024-county")
    assert validate_plan(county_with_kpi_on("一是"), elements(), text) == [
        "KPI XC24-99: 所属条目 一是 有歧义（五.一是、七.一是、八.一是），请写明所在部分，如 五.一是"]
    assert validate_plan(county_with_kpi_on("七.一是"), elements(), text) == []
    assert validate_plan(county_with_kpi_on("九.一是"), elements(), text) == ["KPI XC24-99: 所属条目 九.一是 不存在"]
    # a number that occurs once needs no section (the county's KPIs sit on item 二 of section 二)
    assert validate_plan(county_with_kpi_on("二"), elements(), text) == []
    assert validate_plan(county_with_kpi_on("二.二"), elements(), text) == []


def test_the_catalog_has_no_ambiguous_item_reference():
    for plan in load_catalog().plans:
        refs = catalog_files.item_refs(plan)
        for k in plan["kpis"]:
            assert len(refs[k["item"]]) == 1, (plan["plan"], k["code"], k["item"])


def test_sync_links_a_section_qualified_reference_to_that_section(empty_engine):
    from sqlalchemy import select

    from db import migrate
    from db.models import Kpi, PlanItem, PlanSection
    from db.session import read_session, write_session
    from kpis.catalog.sync import sync_catalog

    migrate.upgrade(empty_engine)
    cat = load_catalog()
    plans = [county_with_kpi_on("七.一是") if p["plan"] == "2024-county" else p for p in cat.plans]
    with write_session(empty_engine) as s:
        sync_catalog(s, catalog_files.Catalog(cat.elements, plans), today_period="2024-01")
    with read_session(empty_engine) as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == "XC24-99"))
        item = s.get(PlanItem, kpi.item_id)
        assert (s.get(PlanSection, item.section_id).number, item.number) == ("七", "一是")
        assert item.text.startswith("建设中小学校长及教师培训联动平台")


def test_a_milestone_is_a_bureau_task_done_by_the_end_of_the_year():
    doc = copy.deepcopy(plan_doc("2022-zhuji"))
    k = doc["kpis"][0]  # 新建10个学校党群服务“红色驿站”, a count
    assert validate_plan(doc, elements(), read_plan_text("2022-zhuji")) == []
    k.update(kind="milestone", pace="linear")
    assert validate_plan(doc, elements(), read_plan_text("2022-zhuji")) == [
        "KPI ZJ22-01: 里程碑指标的目标是“完成”：比较方式为不低于、目标值为 1、无目标上限（几项具名工程或文件请用科室填报数计数）",
        "KPI ZJ22-01: 里程碑指标在年末考核（判断方式应为年末考核）"]
    k.update(target=1, unit="项", pace="end_of_year")
    assert validate_plan(doc, elements(), read_plan_text("2022-zhuji")) == []
