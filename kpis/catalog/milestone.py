"""Milestones: a named task of the plan year that a 科室 reports as done or not done.

"完成杨梅桥小学扩建工程", "出台落实…关怀举措“十五条”", "力争通过国家级评估": the value a 科室 records is
1 (已完成) or 0 (未完成), the target is 1, and the deadline is the end of the plan year. A named list
of several projects ("建成宗文小学、神童门初中") is a count (`bureau_count`, 2 所), not a milestone.

How a milestone is judged (kpis/compute.py): done → 达标; not done before December → 未到期; not
done in December or later → 滞后; never reported → 无数据. A month without an entry keeps the newest
earlier entry (a task done in May is still done in June), unlike counts, which are read month by
month."""

from __future__ import annotations

from typing import Any

DONE, NOT_DONE = "已完成", "未完成"
TARGET_TEXT = "年内完成"


def problems(d: dict[str, Any]) -> list[str]:
    """Why a definition is not a valid milestone (Chinese; empty when it is one). ``d`` has the
    catalog/version fields comparator, target, target_upper, data_path and pace."""
    out = []
    if d.get("data_path") != "bureau":
        out.append("里程碑指标由科室填报（数据来源应为科室填报）")
    if d.get("comparator") != ">=" or d.get("target") != 1 or d.get("target_upper") is not None:
        out.append("里程碑指标的目标是“完成”：比较方式为不低于、目标值为 1、无目标上限"
                   "（几项具名工程或文件请用科室填报数计数）")
    if d.get("pace") != "end_of_year":
        out.append("里程碑指标在年末考核（判断方式应为年末考核）")
    return out


def word(value: float | None) -> str:
    """1 → 已完成, 0 → 未完成, None → 无数据."""
    if value is None:
        return "无数据"
    return DONE if value >= 1 - 1e-9 else NOT_DONE


def as_value(done: bool) -> float:
    return 1.0 if done else 0.0
