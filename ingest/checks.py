"""Checks that look beyond one cell: the rules between numbers (kpis.catalog.rules) on each school's
row, and which earlier figure a value is compared with to flag an outlier.

The rules see the school's whole period: what the file (or form) holds over what the period held
before, so a file of two columns is still checked against the 在校学生数 reported last week."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import SchoolValues, decode_values
from ingest.issues import Issue, show_value
from ingest.validate import RowValues
from ingest.values import ElementRule
from kpis.catalog.rules import BROKEN, Importance, Rule, check
from kpis.periods import label, previous_period, shift

OUTLIER_SHARE = 0.5  # a change of more than half against the reference is flagged …
OUTLIER_MIN = 5.0  # … when it is also more than this many units
HISTORY_MONTHS = 24  # how far back the reference looks
MIN_HISTORY = 4  # periods with data before the median and MAD are trusted
ROBUST_Z = 3.5  # modified z-score (Iglewicz and Hoaglin) above which a value is an outlier


# ---- rules between numbers ---------------------------------------------------------------------

def _side(codes: tuple[str, ...], rule_of: dict[str, ElementRule]) -> str:
    return "与".join(f"“{rule_of[c].name}”" for c in codes) + ("之和" if len(codes) > 1 else "")


def _amount(x: float, codes: tuple[str, ...], rule_of: dict[str, ElementRule]) -> str:
    unit = rule_of[codes[0]].unit
    return f"{show_value(float(x))}{'' if unit in ('', '%') else ' '}{unit}"


def rule_issues(rows: list[RowValues], held: dict[int, dict[str, float]], rules: tuple[Rule, ...] | list[Rule],
                elements: list[ElementRule], sheet: str | None) -> list[Issue]:
    """One Issue per broken rule and school row (hard → error, soft → warning), naming both sides,
    their values and columns. `held`: school id → what the period held before, by element code."""
    rule_of = {e.code: e for e in elements}
    out = []
    for rv in rows:
        mine = rv.values
        merged = {**held.get(rv.school.id, {}), **mine}
        for b in check([r for r in rules if all(c in rule_of for c in r.elements)], merged):
            r = b.rule
            if not any(c in mine for c in r.elements):
                continue  # nothing this file says takes part: not its row's problem
            earlier = [rule_of[c].name for c in r.elements if c not in mine]
            note = f"（其中{'、'.join(earlier)}为本期已报的数值）" if earlier else ""
            left_col = next((rule_of[c].header for c in r.left if c in mine), rule_of[r.left[0]].header)
            right_col = next((rule_of[c].header for c in r.right if c in mine), rule_of[r.right[0]].header)
            problem = (f"{_side(r.left, rule_of)}为 {_amount(b.left, r.left, rule_of)}，{BROKEN[r.op]}"
                       f"{_side(r.right, rule_of)}的 {_amount(b.right, r.right, rule_of)}{note}：{r.message}")
            hard = r.importance == Importance.HARD
            fix = (f"请核对“{left_col}”和“{right_col}”两格，改正填错的一个" if hard
                   else "请核对这两个数值；确认无误可照常提交")
            out.append(Issue(problem, fix=fix, sheet=sheet, row=rv.row, column=left_col, value=show_value(b.left),
                             level="error" if hard else "warning", school=rv.school.name, related=right_col))
    return out


# ---- outlier references ------------------------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    """What a value was compared with: kind in_force | history | last; `text` says it in Chinese."""

    kind: str
    value: float
    text: str
    outlier: bool


def _jump(x: float, ref: float) -> bool:
    return abs(x - ref) > max(OUTLIER_SHARE * abs(ref), OUTLIER_MIN)


def reference(x: float, period: str, in_force: float | None, history: list[tuple[str, float]],
              unit: str = "") -> Reference | None:
    """The value in force for this period (a correction); else the school's own history — the median
    and median absolute deviation of its last HISTORY_MONTHS when at least MIN_HISTORY periods hold
    the element; else the last period that has it. None when there is nothing to compare with.
    `history`: (period, value) of earlier periods, newest first."""
    u = "" if unit in ("", "%") else unit
    if in_force is not None:
        return Reference("in_force", in_force, f"本期已报为 {show_value(in_force)}{u}", x != in_force and _jump(x, in_force))
    if len(history) >= MIN_HISTORY:
        values = [v for _p, v in history]
        med = statistics.median(values)
        mad = statistics.median(abs(v - med) for v in values)
        if mad > 0:
            # robust z-score; the minimum change keeps a steady series from flagging a few units
            out = 0.6745 * abs(x - med) / mad > ROBUST_Z and abs(x - med) > max(0.1 * abs(med), OUTLIER_MIN)
        else:
            out = _jump(x, med)
        return Reference("history", med, f"近 {len(values)} 期中位数为 {show_value(med)}{u}", out)
    if history:
        p, v = history[0]
        when = "上期" if p == previous_period(period) else f"{label(p)}（最近有数据的一期）"
        return Reference("last", v, f"{when}为 {show_value(v)}{u}", _jump(x, v))
    return None


def history_values(session: Session, org_ids: list[int], period: str,
                   months: int = HISTORY_MONTHS) -> dict[int, list[tuple[str, dict[int, float]]]]:
    """school id → [(period, {element id: value})] of the `months` before `period`, newest first."""
    t = SchoolValues.__table__.c
    wanted = set(org_ids)
    out: dict[int, list[tuple[str, dict[int, float]]]] = {}
    q = select(t.org_unit_id, t.period, t.values_json).where(t.period < period, t.period >= shift(period, -months))
    if len(org_ids) <= 900:
        q = q.where(t.org_unit_id.in_(org_ids))
    for org, p, text in session.connection().execute(q.order_by(t.period.desc())):
        if org in wanted:
            out.setdefault(org, []).append((p, decode_values(text)))
    return out


def element_history(rows: list[tuple[str, dict[int, float]]], element_id: int) -> list[tuple[str, float]]:
    return [(p, vals[element_id]) for p, vals in rows if element_id in vals]
