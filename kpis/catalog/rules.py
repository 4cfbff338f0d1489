"""Validation rules between numbers (like DHIS2's): a left side, an operator, a right side, an
importance and a message, declared as catalog data (seed/catalog/rules.json, and a plan file's
"rules" for elements only that plan defines).

`check(rules, values)` is pure: one school's figures by element code → the rules it breaks. A rule
whose elements the school does not all hold is skipped (a kindergarten has no 视力筛查学生数), so
the same rules run on an upload, the web form and the stored data of 数据质量."""

from __future__ import annotations

import json
import operator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import jsonschema

from kpis.catalog.files import CATALOG_DIR, CatalogError, plan_ids

RULES_FILE = CATALOG_DIR / "rules.json"


class Importance(StrEnum):
    HARD = "hard"  # a breach is an error: the school's row is refused
    SOFT = "soft"  # a breach is a warning: shown, accepted


OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}
# How a breach reads: "600 人，多于 560 人" for a broken ≤.
BROKEN = {"<=": "多于", "<": "不少于", ">=": "少于", ">": "不多于", "==": "不等于"}


@dataclass(frozen=True)
class Rule:
    code: str
    left: tuple[str, ...]  # element codes, summed
    op: str
    right: tuple[str, ...]
    importance: Importance
    message: str

    @property
    def elements(self) -> tuple[str, ...]:
        return self.left + self.right


@dataclass(frozen=True)
class Breach:
    rule: Rule
    left: float
    right: float


def rule_schema() -> dict:
    schema = json.loads((CATALOG_DIR / "schema.json").read_text(encoding="utf-8"))
    return {"$schema": schema["$schema"], "type": "array", "items": {"$ref": "#/$defs/rule"}, "$defs": schema["$defs"]}


def rule_problems(docs: list[dict], elements: dict[str, dict], where: str = "rules.json") -> list[str]:
    """Schema, unknown element codes, duplicate codes, and sides that mix element types."""
    problems = [f"{where} {'/'.join(map(str, e.path))}: {e.message}"
                for e in jsonschema.Draft202012Validator(rule_schema()).iter_errors(docs)]
    if problems:
        return problems
    seen: set[str] = set()
    for r in docs:
        here = f"{where} 规则 {r['code']}"
        if r["code"] in seen:
            problems.append(f"{here}: 代码重复")
        seen.add(r["code"])
        for code in r["left"] + r["right"]:
            if code not in elements:
                problems.append(f"{here}: 引用了未定义的数据元素 {code}")
            elif elements[code].get("type") == "bool":
                problems.append(f"{here}: 是/否项目 {code} 不能参与数量比较")
    return problems


def _rule(doc: dict) -> Rule:
    return Rule(doc["code"], tuple(doc["left"]), doc["op"], tuple(doc["right"]), Importance(doc["importance"]),
                doc["message"])


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """Every rule of rules.json and of the plan files, checked; CatalogError names what is wrong."""
    elements = {e["code"]: e for e in json.loads((CATALOG_DIR / "elements.json").read_text(encoding="utf-8"))}
    docs = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    problems = rule_problems(docs, elements)
    for pid in plan_ids():
        plan = json.loads((CATALOG_DIR / f"{pid}.json").read_text(encoding="utf-8"))
        known = dict(elements, **{e["code"]: e for e in plan.get("elements", [])})
        problems += rule_problems(plan.get("rules", []), known, f"{pid}.json")
        docs = docs + plan.get("rules", [])
    if problems:
        raise CatalogError("校验规则有误：\n  " + "\n  ".join(problems))
    rules, seen = [], set()
    for d in docs:
        if d["code"] not in seen:  # a plan may repeat a shared rule
            seen.add(d["code"])
            rules.append(_rule(d))
    return tuple(rules)


def check(rules: tuple[Rule, ...] | list[Rule], values: dict[str, float]) -> list[Breach]:
    """The rules these figures (element code → value) break; a rule with a missing element is skipped."""
    out = []
    for r in rules:
        if not all(c in values and values[c] is not None for c in r.elements):
            continue
        left = sum(float(values[c]) for c in r.left)
        right = sum(float(values[c]) for c in r.right)
        if not OPS[r.op](left, right):
            out.append(Breach(r, left, right))
    return out
