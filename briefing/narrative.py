"""The briefing's paragraph: Chinese sentences written from the snapshot's numbers.

A pure function of the snapshot (no database, no clock), so a snapshot rendered again reads the
same. Conventions: values carry their units; differences of rates are 百分点, never %; targets
where lower is better (≤, decrease_by) are phrased as limits and reductions; missing data and
coverage too low to judge are said plainly."""

from __future__ import annotations

import re
from typing import Any

from kpis.formatting import number

MAX_ATTENTION = 6  # 滞后/预警 KPIs written out in the paragraph; the rest are counted
MAX_HIGHLIGHTS = 3  # 达标 KPIs written out

STATUS_ORDER = ("达标", "预警", "滞后", "未到期", "无数据", "覆盖不足")


def digits_for(unit: str) -> int:
    """Display precision: rates in % to 0.1, 百分点 to 0.01, unitless indices (差异系数) to 0.001."""
    return 1 if unit == "%" else 2 if unit == "百分点" else 3 if unit == "" else 2


def gap_unit(unit: str) -> str:
    """The unit of a difference: the difference of two rates in % is in 百分点."""
    return "百分点" if unit in ("%", "百分点") else unit


def q(x: float, unit: str, digits: int | None = None) -> str:
    """A quantity as written in prose: '52.3%', '2.3个百分点', '3,295个', '0.452'."""
    d = digits_for(unit) if digits is None else digits
    text = number(round(x, d), d)
    if unit == "%":
        return f"{text}%"
    if unit == "百分点":
        return f"{text}个百分点"
    return f"{text}{unit}"


def _gap(a: float, b: float, unit: str) -> float:
    """|a − b| computed on the displayed (rounded) figures, so '52.3% … 高于目标2.3个百分点' adds up."""
    d = digits_for(unit)
    return abs(round(a, d) - round(b, d))


def area_word(bureau: str) -> str:
    """'温岭市教育局' → '全市', '某某县教育局' → '全县', '武进区教育局' → '全区'."""
    name = re.sub(r"(教育.*局|教体局)$", "", bureau)
    for suffix, word in (("区", "全区"), ("區", "全区"), ("县", "全县"), ("縣", "全县"), ("市", "全市")):
        if name.endswith(suffix):
            return word
    return "全局"


def month_word(period: str, plan_year: int) -> str:
    y, m = int(period[:4]), int(period[5:7])
    return f"{m}月" if y == plan_year else f"{y}年{m}月"


def _stem(name: str, word: str) -> str:
    """'学生近视率下降' → '学生近视率' so that '较基期下降…' does not say 下降 twice."""
    return name[: -len(word)] if name.endswith(word) and len(name) > len(word) else name


def kpi_clause(k: dict[str, Any]) -> str:
    """One KPI in one clause (no final punctuation), e.g. '公办园在园幼儿占比52.3%，高于目标2.3个百分点'."""
    name, unit, v, t = k["name"], k["unit"], k["value"], k["target"]
    if v is None:
        return f"{name}本月无数据（责任科室：{k['owner']}）"
    comp = k["comparator"]
    gu = gap_unit(unit)
    if comp in ("decrease_by", "increase_by"):
        word = "下降" if comp == "decrease_by" else "提高"
        back = "上升" if comp == "decrease_by" else "下降"
        stem = _stem(_stem(name, word), "降低")
        moved = word if v >= 0 else back
        text = f"{stem}较基期{moved}{q(abs(v), unit)}"
        if k.get("level") is not None:
            text += f"（当前{q(k['level'], k.get('level_unit') or '%')}）"
        text += f"，目标{word}{q(t, unit)}"
        short = round(t, digits_for(unit)) - round(v, digits_for(unit))
        text += "，已完成目标" if short <= 1e-9 else f"，尚差{q(short, unit)}"
    elif k["kind"] == "milestone" and t == 1 and k.get("target_upper") is None:
        text = f"{name}{'已完成' if v >= 1 else '尚未完成'}"
    elif comp == "<=":
        text = f"{name}{q(v, unit)}"
        if round(v, digits_for(unit)) <= round(t, digits_for(unit)):
            g = _gap(v, t, unit)
            text += f"，控制在目标上限{q(t, unit)}以内" + (f"（低{q(g, gu)}）" if g > 0 else "")
        else:
            text += f"，超过目标上限{q(t, unit)}（超出{q(_gap(v, t, unit), gu)}）"
    elif comp == "==":
        g = _gap(v, t, unit)
        text = f"{name}{q(v, unit)}，" + ("与目标一致" if g == 0 else f"与目标{q(t, unit)}相差{q(g, gu)}")
    elif k.get("target_upper") is not None:
        lo, hi = t, k["target_upper"]
        text = f"{name}{q(v, unit)}"
        if v < lo:
            text += f"，低于目标区间下限{q(lo, unit)}（差{q(_gap(v, lo, unit), gu)}）"
        elif v > hi:
            text += f"，超过目标区间上限{q(hi, unit)}（超出{q(_gap(v, hi, unit), gu)}）"
        else:
            text += f"，处于目标区间{number(lo)}–{q(hi, unit)}内"
    elif k["pace"] == "linear" and k.get("expected") is not None and abs(k["expected"] - t) > 1e-9:
        e = k["expected"]
        text = f"{name}累计{q(v, unit)}，按进度应达{q(e, unit)}"
        g = _gap(v, e, unit)
        text += "，与进度持平" if g == 0 else (f"，超出进度{q(g, gu)}" if v > e else f"，落后进度{q(g, gu)}")
        text += f"（全年目标{q(t, unit)}）"
    else:  # >= : higher is better
        g = _gap(v, t, unit)
        text = f"{name}{q(v, unit)}，" + ("恰好达到目标" if g == 0 else
                                          f"高于目标{q(g, gu)}" if v > t else f"低于目标{q(g, gu)}")
    if k["status"] == "未到期":
        text += "，年末考核、尚未到期"
    if k.get("withheld"):
        text += f"（仅{k['reported']}/{k['expected_count']}所已报送，暂不判断）"
    elif k["status"] in ("滞后", "预警"):
        text += f"，{k['status']}（责任科室：{k['owner']}）"
    return text


def summary_sentence(snap: dict[str, Any]) -> str:
    counts = snap["counts"]
    n = len(snap["kpis"])
    if n == 0:
        return "本期没有适用的指标。"
    parts = [f"{s}{counts.get(s, 0)}项" for s in STATUS_ORDER if counts.get(s, 0)]
    return f"本期简报共{n}项指标：{'、'.join(parts)}。"


def coverage_sentence(snap: dict[str, Any]) -> str:
    c = snap["coverage"]
    parts = []
    if c["school_kpis"]:
        if c["expected"]:
            pct = c["reported"] / c["expected"] * 100
            parts.append(f"学校填报类指标{c['school_kpis']}项，应报{number(c['expected'])}校次、"
                         f"实报{number(c['reported'])}校次（{q(pct, '%')}）")
        else:
            parts.append(f"学校填报类指标{c['school_kpis']}项，本月没有应报送的学校")
    if c["bureau_kpis"]:
        parts.append(f"科室填报类指标{c['bureau_kpis']}项，已填报{c['bureau_reported']}项")
    if not parts:
        return "本期没有可统计的数据覆盖。"
    return "数据覆盖：" + "；".join(parts) + "。"


def paragraph(snap: dict[str, Any]) -> list[str]:
    """The briefing's paragraph as a list of sentences (join them with '' to print)."""
    kpis = snap["kpis"]
    sentences = [summary_sentence(snap)]
    if not kpis:
        return sentences
    if all(k["value"] is None for k in kpis):
        sentences.append(f"截至{month_word(snap['period'], snap['plan']['year'])}，本月尚无任何指标数据，"
                         "请各学校和科室尽快报送后重新生成简报。")
        sentences.append(coverage_sentence(snap))
        return sentences
    severity = {"滞后": 0, "预警": 1}
    attention = sorted([k for k in kpis if k["value"] is not None and not k.get("withheld")
                        and k["status"] in severity], key=lambda k: severity[k["status"]])
    met = [k for k in kpis if k["value"] is not None and not k.get("withheld") and k["status"] == "达标"]
    met.sort(key=lambda k: k["data_path"] != "school")  # school-reported figures first (stable)
    chosen = attention[:MAX_ATTENTION] + met[:MAX_HIGHLIGHTS]
    if chosen:
        area = area_word(snap["plan"]["bureau"])
        clauses = [kpi_clause(k) for k in chosen]
        sentences.append(f"截至{month_word(snap['period'], snap['plan']['year'])}，{area}" + "；".join(clauses) + "。")
    if len(attention) > MAX_ATTENTION:
        sentences.append(f"另有{len(attention) - MAX_ATTENTION}项滞后或预警指标，详见附表。")
    missing = [k for k in kpis if k["value"] is None]
    if missing:
        names = "、".join(k["name"] for k in missing[:5]) + ("等" if len(missing) > 5 else "")
        sentences.append(f"数据缺失：{names}共{len(missing)}项指标本月无数据，未纳入判断。")
    withheld = [k for k in kpis if k.get("withheld")]
    if withheld:
        names = "、".join(f"{k['name']}（{k['reported']}/{k['expected_count']}所已报送）" for k in withheld[:4])
        more = f"等{len(withheld)}项" if len(withheld) > 4 else ""
        sentences.append(f"报送覆盖不足、暂不判断：{names}{more}。")
    sentences.append(coverage_sentence(snap))
    return sentences
