"""The briefing's paragraph: Chinese sentences written from the snapshot's numbers.

A pure function of the snapshot (no database, no clock), so a snapshot rendered again reads the
same. Conventions: values carry their units; differences of rates are 百分点, never %; targets
where lower is better (≤, decrease_by) are phrased as limits and reductions; missing data and
coverage too low to judge are said plainly."""

from __future__ import annotations

import re
from typing import Any

from briefing.followup_section import sentences as followup_sentences
from kpis.formatting import number, pace_figure
from kpis.vocabulary import DataPath, KpiKind, Pace, Status

MAX_ATTENTION = 6  # 滞后/预警 KPIs written out in the paragraph; the rest are counted
MAX_HIGHLIGHTS = 3  # 达标 KPIs written out

STATUS_ORDER = (*Status, "覆盖不足")
NOT_MET = (Status.WARN, Status.BEHIND, Status.NOT_DUE)  # judged statuses of a figure that has not reached its yardstick

# One precision for a figure wherever the briefing shows it: kpis.formatting.with_unit's default
# (the cards, lists and tables show formatting.value_text), so the paragraph says 63.32% as they do.
DIGITS = 2
# When a figure that has not met its target would round onto it (49.996% of ≥ 50%), up to this many
# decimals are shown (49.996%); beyond that the paragraph says 略低于/略高于 instead of a number.
MAX_DIGITS = 4
EPS = 1e-9
# Words a relative target's name may end in, per direction; the first is the default verb.
DIRECTION_WORDS = {"decrease_by": ("下降", "降低", "减少"), "increase_by": ("提高", "提升", "增长", "增加")}
OPPOSITE_WORD = {"decrease_by": "上升", "increase_by": "下降"}


def gap_unit(unit: str) -> str:
    """The unit of a difference: the difference of two rates in % is in 百分点."""
    return "百分点" if unit in ("%", "百分点") else unit


def q(x: float, unit: str, digits: int = DIGITS) -> str:
    """A quantity as written in prose: '52.34%', '2.3个百分点', '3,295个', '0.45'."""
    text = number(round(x, digits), digits)
    if unit == "%":
        return f"{text}%"
    if unit == "百分点":
        return f"{text}个百分点"
    return f"{text}{unit}"


def _shortfall(v: float, y: float, higher_is_better: bool) -> tuple[int, float] | None:
    """For a figure v that has NOT met its yardstick y: the decimals (DIGITS..MAX_DIGITS) at which
    the rounded figures show it on the wrong side of y, and the gap they show; None if even
    MAX_DIGITS rounds v onto y (the caller then says 略低于/略高于)."""
    for d in range(DIGITS, MAX_DIGITS + 1):
        gap = round(y, d) - round(v, d) if higher_is_better else round(v, d) - round(y, d)
        if gap > 10 ** -(d + 3):
            return d, gap
    return None


def _gap(a: float, b: float, digits: int = DIGITS) -> float:
    """|a − b| computed on the displayed (rounded) figures, so '52.34% … 高于目标2.34个百分点' adds up."""
    return abs(round(a, digits) - round(b, digits))


def yardstick(k: dict[str, Any]) -> float:
    """The figure the status compares with: the pace line for linear KPIs, else the target."""
    if k["pace"] == Pace.LINEAR and k.get("expected") is not None:
        return k["expected"]
    return k["target"]


def value_digits(k: dict[str, Any]) -> int:
    """The decimals the KPI's value is shown with on every part of the briefing (DIGITS unless a
    KPI that missed its target would round onto it)."""
    v, comp = k.get("value"), k["comparator"]
    if v is None or k.get("status") not in NOT_MET or (k["kind"] == KpiKind.MILESTONE and k["target"] == 1):
        return DIGITS
    if comp == "==":
        for d in range(DIGITS, MAX_DIGITS + 1):
            if round(v, d) != round(k["target"], d):
                return d
        return DIGITS
    y = yardstick(k)
    if k["pace"] == Pace.LINEAR and comp == ">=":
        y = pace_figure(y, k["unit"])
    found = _shortfall(v, y, comp != "<=")
    return found[0] if found else DIGITS


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


def direction(name: str, comparator: str) -> tuple[str, str]:
    """A relative target's name without its trailing direction word, and the verb to use:
    '学生近视率下降' → ('学生近视率', '下降'), '体质健康优良率提升' → ('体质健康优良率', '提升'),
    so '较基期下降…' never says the word twice; a decrease never strips 提升 nor an increase 降低."""
    words = DIRECTION_WORDS[comparator]
    for w in words:
        if name.endswith(w) and len(name) > len(w):
            return name[: -len(w)], w
    return name, words[0]


def _relative(k: dict[str, Any], met: bool) -> str:
    name, unit, v, t, comp = k["name"], k["unit"], k["value"], k["target"], k["comparator"]
    stem, word = direction(name, comp)
    d = value_digits(k)
    moved = word if v >= 0 else OPPOSITE_WORD[comp]
    text = f"{stem}较基期{moved}{q(abs(v), unit, d)}"
    if k.get("level") is not None:
        text += f"（当前{q(k['level'], k.get('level_unit') or '%')}）"
    text += f"，目标{word}{q(t, unit)}"
    short = round(t, d) - round(v, d)
    if met and short <= EPS:
        return text + "，已完成目标"
    if short > EPS:
        return text + f"，尚差{q(short, unit, d)}"
    return text + "，略低于目标"  # not met, yet equal to MAX_DIGITS decimals


def _at_least(name: str, unit: str, v: float, y: float, met: bool) -> str:
    """'X52.34%，高于目标2.34个百分点' for higher-is-better; never 达到 when the status is not met."""
    gu = gap_unit(unit)
    if not met and v <= y + EPS:
        found = _shortfall(v, y, True)
        if found is None:
            return f"{name}略低于目标{q(y, unit)}"
        d, g = found
        return f"{name}{q(v, unit, d)}，低于目标{q(g, gu, d)}"
    g = round(v, DIGITS) - round(y, DIGITS)
    if g > EPS:
        return f"{name}{q(v, unit)}，高于目标{q(g, gu)}"
    if g < -EPS:
        return f"{name}{q(v, unit)}，低于目标{q(-g, gu)}"
    return f"{name}{q(v, unit)}，" + (f"恰好达到目标" if abs(v - y) <= EPS else f"达到目标")


def kpi_clause(k: dict[str, Any]) -> str:
    """One KPI in one clause (no final punctuation), e.g. '公办园在园幼儿占比52.34%，高于目标2.34个百分点'.

    Whether the figure met its target comes from the status (judged on the unrounded value); the
    numbers only say by how much, with as many decimals as it takes to show a miss (value_digits),
    so a KPI in 预警 never reads 恰好达到/以内/一致/持平."""
    name, unit, v, t = k["name"], k["unit"], k["value"], k["target"]
    if v is None:
        return f"{name}本月无数据（责任科室：{k['owner']}）"
    comp = k["comparator"]
    gu = gap_unit(unit)
    met = k["status"] not in NOT_MET
    d = value_digits(k)
    if comp in ("decrease_by", "increase_by"):
        text = _relative(k, met)
    elif k["kind"] == KpiKind.MILESTONE and t == 1 and k.get("target_upper") is None:
        text = f"{name}{'已完成' if v >= 1 else '尚未完成'}"
    elif comp == "<=":
        if not met and v >= t - EPS:
            found = _shortfall(v, t, False)
            text = (f"{name}略高于目标上限{q(t, unit)}" if found is None else
                    f"{name}{q(v, unit, found[0])}，超过目标上限{q(t, unit)}（超出{q(found[1], gu, found[0])}）")
        elif round(v, DIGITS) <= round(t, DIGITS):
            g = _gap(v, t)
            text = f"{name}{q(v, unit)}，控制在目标上限{q(t, unit)}以内" + (f"（低{q(g, gu)}）" if g > EPS else "")
        else:
            text = f"{name}{q(v, unit)}，超过目标上限{q(t, unit)}（超出{q(_gap(v, t), gu)}）"
    elif comp == "==":
        g = _gap(v, t, d)
        if met and g <= EPS:
            text = f"{name}{q(v, unit, d)}，与目标一致"
        elif g > EPS:
            text = f"{name}{q(v, unit, d)}，与目标{q(t, unit)}相差{q(g, gu, d)}"
        else:
            text = f"{name}{'略高于' if v > t else '略低于'}目标{q(t, unit)}"
    elif k.get("target_upper") is not None:
        lo, hi = t, k["target_upper"]
        if v > hi + EPS:
            text = f"{name}{q(v, unit)}，超过目标区间上限{q(hi, unit)}（超出{q(_gap(v, hi), gu)}）"
        elif (not met and v <= lo + EPS) or v < lo - EPS:
            found = _shortfall(v, lo, True)
            text = (f"{name}略低于目标区间下限{q(lo, unit)}" if found is None else
                    f"{name}{q(v, unit, found[0])}，低于目标区间下限{q(lo, unit)}（差{q(found[1], gu, found[0])}）")
        else:
            text = f"{name}{q(v, unit)}，处于目标区间{number(lo)}–{q(hi, unit)}内"
    elif k["pace"] == Pace.LINEAR and k.get("expected") is not None and abs(k["expected"] - t) > 1e-9:
        e = pace_figure(k["expected"], unit)
        text = f"{name}累计{q(v, unit, d)}，按进度应达{q(e, unit)}"
        if not met and v <= e + EPS:
            found = _shortfall(v, e, True)
            text += "，略落后于进度" if found is None else f"，落后进度{q(found[1], gu, found[0])}"
        else:
            g = round(v, DIGITS) - round(e, DIGITS)
            text += "，与进度持平" if abs(g) <= EPS else (f"，超出进度{q(g, gu)}" if g > 0 else f"，落后进度{q(-g, gu)}")
        text += f"（全年目标{q(t, unit)}）"
    else:  # >= : higher is better
        text = _at_least(name, unit, v, t, met)
    if k["status"] == Status.NOT_DUE:
        text += "，年末考核、尚未到期"
    if k.get("withheld"):
        text += f"（仅{k['reported']}/{k['expected_count']}所已报送，暂不判断）"
    elif k["status"] in (Status.BEHIND, Status.WARN):
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
    severity = {Status.BEHIND: 0, Status.WARN: 1}
    attention = sorted([k for k in kpis if k["value"] is not None and not k.get("withheld")
                        and k["status"] in severity], key=lambda k: severity[k["status"]])
    met = [k for k in kpis if k["value"] is not None and not k.get("withheld") and k["status"] == Status.MET]
    met.sort(key=lambda k: k["data_path"] != DataPath.SCHOOL)  # school-reported figures first (stable)
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
    sentences += followup_sentences(snap)
    sentences.append(coverage_sentence(snap))
    return sentences
