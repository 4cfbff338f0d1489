"""How figures read in Chinese: values with units, changes in 百分点, coverage, progress.

Plain functions of KpiResult fields, shared by the pages, the CLI and the briefing."""

from __future__ import annotations

import math

from kpis.catalog import milestone
from kpis.catalog.query import format_target_values
from kpis.compute import KpiResult
from kpis.vocabulary import Comparator, DataPath, KpiKind, Pace

PACE_LABELS = {"level": "当期水平", "linear": "按月累计（线性进度）", "end_of_year": "年末考核"}
# Units of things counted one by one: a pace expectation in them is a whole number (see pace_figure).
COUNT_UNITS = frozenset("个 所 人 人次 名 项 套 家 次 间 台 张 本 支 位 户 校 园 条 座 件 批 门 节 场 期 篇 部".split())


def pace_figure(expected: float, unit: str) -> float:
    """What a linear pace asks for by this month, as the dashboards and the briefing state it.

    Counted things come whole and rounded up (6590 × 10/12 = 5,491.67 → 5,492个): a whole-number
    count meets the pace exactly when it reaches the rounded-up figure, so the stated gap always
    agrees with the status. Other units keep the figure as it is."""
    if unit in COUNT_UNITS:
        return float(math.ceil(expected - 1e-6))
    return expected


def number(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "—"
    if abs(x - round(x)) < 1e-9 and abs(x) >= 1:
        return f"{round(x):,}"
    text = f"{x:,.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(x: float | None, unit: str, digits: int = 2) -> str:
    """'52.3%', '3,130 个', '1.5 个百分点', '无数据' for missing."""
    if x is None:
        return "无数据"
    if unit == "%":
        return f"{number(x, digits)}%"
    if unit == "百分点":
        return f"{number(x, digits)} 个百分点"
    return f"{number(x, digits)} {unit}".strip()


def figure_text(x: float | None, unit: str, kind: str = "", digits: int = 2) -> str:
    """One recorded figure as it reads: with its unit, or 已完成/未完成 for a milestone."""
    if kind == "milestone":
        return milestone.word(x)
    return with_unit(x, unit, digits)


def value_text(r: KpiResult, digits: int = 2) -> str:
    """The judged figure; for relative KPIs the change achieved ('下降 1.31 个百分点'); 已完成/未完成
    for a milestone (never '1 项'); 不适用 where the KPI cannot apply to the school."""
    if not r.applies:
        return "不适用"
    if r.value is None:
        return "无数据"
    if r.kind == KpiKind.MILESTONE:
        return milestone.word(r.value)
    if r.comparator == Comparator.DECREASE_BY:
        word = "下降" if r.value >= 0 else "上升"
        return f"{word} {with_unit(abs(r.value), r.unit, digits)}"
    if r.comparator == Comparator.INCREASE_BY:
        word = "提高" if r.value >= 0 else "下降"
        return f"{word} {with_unit(abs(r.value), r.unit, digits)}"
    return with_unit(r.value, r.unit, digits)


def level_text(r: KpiResult) -> str | None:
    """For relative KPIs: '52.91%（基期 2024年12月 54.22%）'; None otherwise."""
    if r.comparator not in ("decrease_by", "increase_by"):
        return None
    from kpis.periods import label

    base = f"基期 {label(r.baseline_period)} {with_unit(r.baseline, r.level_unit)}" if r.baseline_period else \
        f"基期 {with_unit(r.baseline, r.level_unit)}"
    return f"当前 {with_unit(r.level, r.level_unit)}（{base}）"


def target_text(r: KpiResult) -> str:
    return format_target_values(r.comparator, r.target, r.target_upper, r.unit, r.kind)


def expected_text(r: KpiResult) -> str | None:
    """'按进度应达 3,296 个' for a linear pace (counts whole, rounded up); None when the target itself
    is the yardstick."""
    if r.pace != Pace.LINEAR or r.expected is None or abs(r.expected - r.target) < 1e-9:
        return None
    return f"按进度应达 {with_unit(pace_figure(r.expected, r.unit), r.unit)}"


def pace_note(r: KpiResult) -> str | None:
    """'年末考核' for a target judged at year end (the card's pace when no pace line applies)."""
    return "年末考核" if r.pace == Pace.END_OF_YEAR else None


def change_short(r: KpiResult) -> str:
    """'+1.2 百分点', '−35 个', '持平', '无可比数据'; for a milestone '本月完成', '无变化', '本月改为未完成'."""
    if not r.applies:
        return "—"
    if r.change is None:
        return "无可比数据"
    if r.kind == KpiKind.MILESTONE:
        return "无变化" if abs(r.change) < 1e-9 else "本月完成" if r.change > 0 else "本月改为未完成"
    if abs(r.change) < 1e-9:
        return "持平"
    sign = "+" if r.change > 0 else "−"
    return f"{sign}{with_unit(abs(r.change), r.change_unit)}"


def change_text(r: KpiResult) -> str:
    short = change_short(r)
    if not r.applies:
        return "较上月 —"
    if r.change is None:
        return "较上月：无可比数据"
    if r.kind == KpiKind.MILESTONE:
        return "较上月无变化" if short == "无变化" else short
    return "较上月持平" if short == "持平" else f"较上月 {short}"


def coverage_text(r: KpiResult) -> str:
    if not r.applies:
        return "不适用于本校"
    if r.kind == KpiKind.MILESTONE:  # the newest entry counts until a newer one
        return "科室已填报" if r.reported else "科室尚未填报"
    if r.data_path == DataPath.BUREAU:
        return "科室已填报" if r.reported else "科室本月未填报"
    if r.confirmed is not None and r.awaiting is not None:  # how final: 已确认 38 · 待审 5 · 未提交 2 / 45 所
        missing = max(r.expected_count - r.confirmed - r.awaiting, 0)
        return f"已确认 {r.confirmed} · 待审 {r.awaiting} · 未提交 {missing} / {r.expected_count} 所"
    return f"{r.reported}/{r.expected_count} 所已报送"


def progress(r: KpiResult) -> float | None:
    """How far toward the (pace-expected) target, 0–1, for a progress bar; None without a value.

    Lower-is-better KPIs show 1 when within the limit and shrink as the value exceeds it."""
    if r.value is None:
        return None
    goal = r.expected if r.expected is not None else r.target
    if r.comparator == Comparator.LE:
        if r.value <= goal:
            return 1.0
        return max(0.0, min(1.0, goal / r.value)) if r.value > 0 else 0.0
    if goal <= 0:
        return 1.0 if r.value >= goal else 0.0
    return max(0.0, min(1.0, r.value / goal))
