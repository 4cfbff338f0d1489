"""The catalog validator: what it refuses (seed/catalog_files.py, python -m seed.check)."""

import copy
import json

import pytest

from seed import catalog_files, check
from seed.catalog_files import CATALOG_DIR, CatalogError, load_catalog, read_plan_text, validate_plan


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
    doc["kpis"][0]["source"] = "公办园在园幼儿占比保持在60%以上"
    problems = validate_plan(doc, elements(), read_plan_text("2022-yichang"))
    assert problems == ["KPI YC22-01: 原文条款在计划文本中找不到: 公办园在园幼儿占比保持在60%以上"]
