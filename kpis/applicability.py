"""Whether a school-reported KPI applies to one school (pure; no database).

A KPI does not apply to a school whose type or ownership lies outside the formula's terms: a
primary school for a kindergarten KPI (``school_types``), a 民办 kindergarten for 公办园在园幼儿占比
(Σ kg_enrolled[公办] ÷ Σ kg_enrolled: every numerator term asks for 公办), a non-普惠 民办 kindergarten
for 普惠性幼儿园覆盖率. At that one school the formula can only give 0 % (or nothing), which read as
"0 % 滞后" although the school can do nothing about it; it shows 不适用 instead, with one line saying
why, and is left out of the school's status counts (compute.status_counts). A district or the bureau
keeps its real figure: there the terms sum over schools of every kind (docs/decisions.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from kpis.compute import BUREAU_KINDS, NOT_APPLICABLE, KpiDef, KpiResult
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.vocabulary import DataPath, KpiKind


def _has_filter(term: dict) -> bool:
    return bool(term.get("ownership")) or term.get("inclusive") is not None


def _matches(term: dict, school: Mapping[str, Any]) -> bool:
    if term.get("ownership") and school.get("ownership") != term["ownership"]:
        return False
    if term.get("inclusive") is not None and bool(school.get("inclusive") or False) != bool(term["inclusive"]):
        return False
    return True


def _term_words(term: dict) -> str:
    words = ("普惠性" if term.get("inclusive") else "非普惠性" if term.get("inclusive") is False else "") \
        + (term.get("ownership") or "")
    return words or "全部"


def school_words(school: Mapping[str, Any]) -> str:
    """'民办幼儿园', '普惠性民办幼儿园', '公办小学'."""
    kind = SCHOOL_TYPE_LABELS.get(str(school.get("school_type") or ""), "学校")
    inclusive = "普惠性" if school.get("ownership") == "民办" and school.get("inclusive") else ""
    return f"{inclusive}{school.get('ownership') or ''}{kind}"


def not_applicable_reason(d: KpiDef, school: Mapping[str, Any]) -> str | None:
    """One line saying why the KPI cannot apply to this school, or None when it applies."""
    if d.data_path == DataPath.BUREAU or d.kind in BUREAU_KINDS:
        return None  # a 科室's figure for the whole bureau; not shown at a school at all
    f = d.formula or {}
    types = f.get("school_types")
    if types and str(school.get("school_type")) not in types:
        names = "、".join(SCHOOL_TYPE_LABELS.get(t, t) for t in types)
        return f"本指标只统计{names}，本校为{school_words(school)}。"
    parts = [("numerator", "分子"), ("denominator", "分母")] if d.kind == KpiKind.RATIO else [("terms", "")]
    for part, word in parts:
        terms = f.get(part) or []
        if terms and any(_has_filter(t) for t in terms) and not any(_matches(t, school) for t in terms):
            kinds = "、".join(dict.fromkeys(_term_words(t) for t in terms))
            return f"本指标{word}只计{kinds}学校，本校为{school_words(school)}。"
    return None


def not_applicable(r: KpiResult, reason: str) -> KpiResult:
    """The result as shown at a school it does not apply to: 不适用, no figure, nothing counted."""
    return dataclasses.replace(r, status=NOT_APPLICABLE, value=None, level=None, withheld=False, reported=0,
                               expected_count=0, previous=None, change=None, na_reason=reason)


def at_school(results: Iterable[KpiResult], defs: Iterable[KpiDef], school: Mapping[str, Any]) -> list[KpiResult]:
    """The results of one school's scope, each KPI that cannot apply to it marked 不适用."""
    by_code = {d.code: d for d in defs}
    out = []
    for r in results:
        d = by_code.get(r.code)
        reason = None if d is None else not_applicable_reason(d, school)
        out.append(r if reason is None else not_applicable(r, reason))
    return out
