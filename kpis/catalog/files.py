"""Read and validate the catalog files under seed/catalog/.

The catalog is data reviewed by people; this module only loads it and refuses files that
break the schema or the cross-references (an item a KPI points at, an element a formula
names, a source clause that is not in the plan text)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jsonschema

from core import settings

from kpis.catalog import milestone
from kpis.catalog.formula import formula_elements
from core.errors import Invalid
from kpis.vocabulary import DataPath, KpiKind

# The catalog is data kept in seed/ (reviewed JSON beside the plan texts); this module reads it.
_SEED = Path(__file__).resolve().parents[2] / "seed"
CATALOG_DIR = _SEED / "catalog"
# The five plans travel with the code (seed/plans/), so a clone anywhere finds them; the shared
# folder beside the repository is only a fallback for texts not copied in.
PLANS_DIR_CANDIDATES = (
    _SEED / "plans",
    _SEED.parent.parent / "shared" / "plans",
)

SCHOOL_TYPES = {"11": "幼儿园", "21": "小学", "31": "初中", "34": "高中", "36": "中职", "51": "特教"}
KINDS_WITH_FORMULA = {"ratio", "sum", "mean", "share_of_schools", "dispersion"}


class CatalogError(Invalid):
    """A catalog file that must not be loaded; the message says which file and what."""


@dataclass(frozen=True)
class Catalog:
    elements: list[dict]
    plans: list[dict]

    def plan(self, plan_id: str) -> dict:
        for p in self.plans:
            if p["plan"] == plan_id:
                return p
        raise KeyError(plan_id)


# Where a web copy withheld a name it wrote 〔...〕; the catalog writes ×× there (the placeholder
# Chinese documents use), so that "深化〔...〕市“阳光思政”" stays a sentence: "深化××市“阳光思政”".
ELIDED = re.compile(r"〔\s*(?:\.{3}|…+)\s*〕")
ELIDED_AS = "××"


def _squash(text: str) -> str:
    # The web copies wrap lines mid-sentence and pad digits with spaces; compare without them.
    return re.sub(r"\s+", "", text)


def clause_text(plan_text: str) -> str:
    """The plan text as source clauses are matched against it: no whitespace, 〔...〕 read as ××."""
    return _squash(ELIDED.sub(ELIDED_AS, plan_text))


def plan_ids() -> list[str]:
    return sorted(p.stem for p in CATALOG_DIR.glob("*.json") if p.stem not in {"elements", "schema", "rules"})


def plan_text_path(plan_id: str) -> Path | None:
    """The plan's source text: $EDUKPI_PLANS_DIR, else seed/plans/, else ../shared/plans."""
    extra = settings.get().plans_dir
    for d in ((extra,) if extra else ()) + PLANS_DIR_CANDIDATES:
        p = d / f"{plan_id}.txt"
        if p.exists():
            return p
    return None


def read_plan_text(plan_id: str) -> str:
    """The plan's source text; CatalogError when it cannot be found (the source clauses of a
    reviewed plan are always checked against it, never silently skipped)."""
    path = plan_text_path(plan_id)
    if path is None:
        places = "、".join(str(d) for d in PLANS_DIR_CANDIDATES)
        raise CatalogError(f"{plan_id}.json: 找不到计划文本 {plan_id}.txt（在 {places} 中，"
                           "或由环境变量 EDUKPI_PLANS_DIR 指定），无法核对原文条款")
    return path.read_text(encoding="utf-8")


def qualified(section: str, number: str) -> str:
    """'七', '一是' → '七.一是' (an imported plan's numbers may already be qualified)."""
    return number if number.startswith(f"{section}.") else f"{section}.{number}"


def item_refs(doc: dict) -> dict[str, list[str]]:
    """Every way a KPI may name its item → the items it names, as "section.number".

    An item is named by its number ("7", "一是") or by its section and number ("七.一是"). 一是/二是
    restart in every section, so a bare number can name several items: such a reference is
    ambiguous, and the validator refuses it (a KPI must then say "五.一是")."""
    refs: dict[str, list[str]] = {}
    for s in doc["sections"]:
        for it in s["items"]:
            full = qualified(s["number"], it["number"])
            refs.setdefault(it["number"], []).append(full)
            if full != it["number"]:
                refs.setdefault(full, []).append(full)
    return refs


def validate_plan(doc: dict, elements: dict[str, dict], plan_text: str | None, *,
                  check_sources: bool = True) -> list[str]:
    """Return the problems of one plan document (empty when it is fine).

    ``plan_text`` is the plan's source text, against which every source clause is checked; a
    missing text is a problem unless ``check_sources`` is False (计划导入 checks the shape of a plan
    whose clauses were just read from its own text)."""
    schema = json.loads((CATALOG_DIR / "schema.json").read_text(encoding="utf-8"))
    problems = [f"{'/'.join(map(str, e.path))}: {e.message}"
                for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    if problems:
        return problems
    known = dict(elements)
    for el in doc.get("elements", []):
        known[el["code"]] = el
    items = item_refs(doc)
    if check_sources and not plan_text:
        problems.append("计划文本缺失或为空，无法核对原文条款")
    squashed = clause_text(plan_text) if check_sources and plan_text else None
    codes: set[str] = set()
    for k in doc["kpis"]:
        where = f"KPI {k['code']}"
        if k["code"] in codes:
            problems.append(f"{where}: 代码重复")
        codes.add(k["code"])
        named = items.get(k["item"], [])
        if not named:
            problems.append(f"{where}: 所属条目 {k['item']} 不存在")
        elif len(named) > 1:
            problems.append(f"{where}: 所属条目 {k['item']} 有歧义（{'、'.join(named)}），"
                            "请写明所在部分，如 " + named[0])
        if squashed is not None and _squash(k["source"]) not in squashed:
            problems.append(f"{where}: 原文条款在计划文本中找不到: {k['source']}")
        if k["kind"] in KINDS_WITH_FORMULA:
            if k["data_path"] != DataPath.SCHOOL or "formula" not in k:
                problems.append(f"{where}: {k['kind']} 类指标须由学校填报并给出公式")
                continue
            for ref in formula_elements(k["formula"]):
                if ref not in known:
                    problems.append(f"{where}: 公式引用了未定义的数据元素 {ref}")
            for t in k["formula"].get("school_types", []):
                if t not in SCHOOL_TYPES:
                    problems.append(f"{where}: 未知学校类型 {t}")
        elif k["data_path"] != DataPath.BUREAU:
            problems.append(f"{where}: {k['kind']} 类指标须由科室填报")
        if k["kind"] == KpiKind.MILESTONE:
            problems += [f"{where}: {p}" for p in milestone.problems({**k, "data_path": "bureau"})]
        if k["comparator"] in ("decrease_by", "increase_by") and not k["baseline"]:
            problems.append(f"{where}: 相对目标须给出基期")
        if k["target_upper"] is not None and k["target_upper"] < k["target"]:
            problems.append(f"{where}: 区间上限小于下限")
    for r in doc.get("rules", []):  # the schema checked their shape; their elements must exist
        for ref in r["left"] + r["right"]:
            if ref not in known:
                problems.append(f"规则 {r['code']}: 引用了未定义的数据元素 {ref}")
    return problems


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """Load and validate every catalog file; raise CatalogError on the first bad file."""
    elements = json.loads((CATALOG_DIR / "elements.json").read_text(encoding="utf-8"))
    by_code = {e["code"]: e for e in elements}
    plans = []
    for pid in plan_ids():
        doc = json.loads((CATALOG_DIR / f"{pid}.json").read_text(encoding="utf-8"))
        if doc.get("plan") != pid:
            raise CatalogError(f"{pid}.json: plan 字段应为 {pid}")
        problems = validate_plan(doc, by_code, read_plan_text(pid))
        if problems:
            raise CatalogError(f"{pid}.json:\n  " + "\n  ".join(problems))
        for el in doc.get("elements", []):
            if el["code"] in by_code and by_code[el["code"]] != el:
                raise CatalogError(f"{pid}.json: 数据元素 {el['code']} 与已有定义冲突")
            if el["code"] not in by_code:
                by_code[el["code"]] = el
                elements.append(el)
        plans.append(doc)
    return Catalog(elements=elements, plans=plans)
