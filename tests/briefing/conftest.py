"""Hand-made snapshots for the briefing tests: the numbers are chosen so results can be computed by hand."""

from __future__ import annotations

from typing import Any

import pytest

from briefing.snapshot import key_kpis

MONTHS = [f"2025-{m:02d}" for m in range(1, 11)]


def kpi(code: str = "K01", name: str = "公办园在园幼儿占比", *, unit: str = "%", comparator: str = ">=",
        target: float = 50.0, value: float | None = 52.34, status: str = "达标", kind: str = "ratio",
        data_path: str = "school", pace: str = "level", expected: float | None = None, level: float | None = None,
        target_upper: float | None = None, reported: int = 45, expected_count: int = 45, withheld: bool = False,
        owner: str = "学前教育科", prev: str | None = None, trend: list | None = None, **extra: Any) -> dict[str, Any]:
    shown = "覆盖不足" if withheld else status
    value_text = "无数据" if value is None else f"{value:g}{'%' if unit == '%' else ' ' + unit}"
    k = {
        "code": code, "name": name, "category": "学前", "kind": kind, "data_path": data_path, "unit": unit,
        "level_unit": "%" if unit == "百分点" else unit, "comparator": comparator, "target": target,
        "target_upper": target_upper, "pace": pace, "value": value, "level": level if level is not None else value,
        "expected": target if expected is None else expected, "status": status, "shown_status": shown,
        "withheld": withheld, "colour": "#2e7d32", "reported": reported, "expected_count": expected_count,
        "previous": None, "change": None, "change_unit": "百分点" if unit == "%" else unit,
        "baseline": None, "baseline_period": None, "owner": owner,
        "prev_status": prev, "prev_shown_status": prev,
        "texts": {"value": value_text, "target": f"≥ {target:g}{unit}", "expected": None, "level": None,
                  "coverage": f"{reported}/{expected_count} 所已报送", "change": "较上月持平"},
        "trend": trend if trend is not None else (
            [] if value is None else [{"period": m, "value": value - 0.1 * (10 - i), "expected": target, "status": status}
                                      for i, m in enumerate(MONTHS, start=1)]),
    }
    k.update(extra)
    return k


def snapshot_of(kpis: list[dict[str, Any]], bureau: str = "温岭市教育局", number: int | None = 3) -> dict[str, Any]:
    from briefing.narrative import paragraph

    counts = {s: 0 for s in ("达标", "预警", "滞后", "未到期", "无数据", "覆盖不足")}
    for k in kpis:
        counts[k["shown_status"]] += 1
    school = [k for k in kpis if k["data_path"] == "school"]
    bureau_k = [k for k in kpis if k["data_path"] != "school"]
    snap = {
        "version": 1, "plan": {"key": "2025-taizhou", "title": "市教育局2025年工作要点", "year": 2025, "bureau": bureau},
        "period": "2025-10", "period_label": "2025年10月", "previous_period": "2025-09", "previous_label": "2025年9月",
        "months": MONTHS, "coverage_threshold": 0.8, "counts": counts,
        "coverage": {"school_kpis": len(school), "school_kpis_complete": 0,
                     "reported": sum(k["reported"] for k in school), "expected": sum(k["expected_count"] for k in school),
                     "bureau_kpis": len(bureau_k), "bureau_reported": sum(1 for k in bureau_k if k["reported"])},
        "kpis": kpis, "key_kpis": key_kpis(kpis),
    }
    if number is not None:
        snap.update(number=number, created_at="2025-11-05T08:00:00+00:00", created_by="系统")
    snap["narrative"] = paragraph(snap)
    return snap


def twenty_kpis() -> list[dict[str, Any]]:
    """20 KPIs: rates and counts, every status, one without data, one with too little coverage."""
    out = []
    statuses = ["达标", "预警", "滞后", "未到期"]
    for i in range(1, 21):
        status = statuses[i % 4]
        if i == 7:
            out.append(kpi(f"K{i:02d}", f"关停低小民办幼儿园第{i}项", unit="所", target=5, value=None, status="无数据",
                           kind="bureau_count", data_path="bureau", reported=0, expected_count=1, prev="未到期"))
        elif i == 9:
            out.append(kpi(f"K{i:02d}", f"培育台州市名师名校长名班主任{i}", unit="%", value=61.0, status="滞后",
                           reported=20, expected_count=45, withheld=True, prev="滞后"))
        elif i % 2:
            out.append(kpi(f"K{i:02d}", f"智慧校园建成率指标{i}", unit="%", target=90, value=80.0 + i * 0.5,
                           status=status, prev=statuses[(i + 1) % 4]))
        else:
            out.append(kpi(f"K{i:02d}", f"新增学位数指标{i}", unit="个", target=6590, value=3000 + i * 10,
                           status=status, kind="bureau_count", data_path="bureau", pace="linear", expected=5491.67,
                           reported=1, expected_count=1, prev=status))
    return out


@pytest.fixture
def snap20() -> dict[str, Any]:
    return snapshot_of(twenty_kpis())
