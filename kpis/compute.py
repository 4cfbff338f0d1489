"""KPI computation: pure functions over DataFrames, no database and no Streamlit.

Everything a leader sees about a KPI is computed here, from four inputs the loader
(kpis/figures.py) reads for a plan, a period and a scope:

- ``schools``: one row per school in scope, indexed by ``org_id``, with columns ``code``, ``name``,
  ``district_id``, ``school_type`` (two digits), ``ownership`` (公办/民办), ``inclusive`` (bool),
  ``opened_on`` and ``closed_on`` (YYYY-MM or None);
- ``values``: the reported figures in long form, columns ``org_id``, ``element``, ``period``,
  ``value``. A school that has not reported has *no row*: missing is never zero;
- ``bureau``: what 科室 recorded for bureau-level KPIs, columns ``code``, ``period``, ``value``
  (and optionally ``created_at``/``id``: the newest row of a (KPI, period) counts);
- ``KpiDef``: the definition in force in the period.

Rules of the numbers (docs/architecture.md, DESIGN.md):

- ratios roll up as Σ numerator ÷ Σ denominator × factor, never as a mean of school ratios;
- ``share_of_schools`` is the share of *reporting* schools meeting the condition (a school that
  has not reported is missing, not failing; coverage says how many are missing);
- ``dispersion`` is the student-weighted 差异系数 CV = sqrt(Σ (nᵢ/N)(xᵢ − x̄)²) / x̄ with
  xᵢ = numᵢ/denᵢ, nᵢ = denᵢ and x̄ = Σnum/Σden (the county per-student value);
- relative targets (``decrease_by``/``increase_by`` N 百分点) are judged on the change achieved
  against the baseline, in 百分点;
- cumulative counts (pace ``linear``) are judged against the pace line target × month/12;
  ``end_of_year`` targets are 未到期 before December unless already met;
- a ``milestone`` (1 = 已完成, 0 = 未完成, kpis/milestone.py) is 达标 when done, 未到期 while not done
  before December, 滞后 when not done in December or later; a month without a 科室 entry keeps
  the newest earlier one (a bureau count does not: its month without an entry is 无数据);
- lower-is-better comparators (``<=``) invert the judgement;
- the status colour is withheld when coverage (schools reported / expected) is below a
  threshold (80 % by default).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from kpis.catalog.formula import formula_elements
from kpis.periods import parse, shift
from kpis.vocabulary import BUREAU_KINDS, NOT_APPLICABLE, Comparator, DataPath, KpiKind, Pace, RELATIVE, SCHOOL_KINDS, Status  # noqa: F401 - re-exported

MET, WARN, BEHIND, NOT_DUE, NO_DATA = Status.MET, Status.WARN, Status.BEHIND, Status.NOT_DUE, Status.NO_DATA
# The statuses a KPI is judged into and counted under; 不适用 is no judgement and is never counted.
STATUSES = (MET, WARN, BEHIND, NOT_DUE, NO_DATA)
# Colours of the statuses (the same everywhere: cards, charts, tables); WITHHELD when coverage is low.
STATUS_COLOURS = {MET: "#2e7d32", WARN: "#ef8c00", BEHIND: "#c62828", NOT_DUE: "#5c6b7a", NO_DATA: "#9e9e9e",
                  NOT_APPLICABLE: "#c3c9d0"}
WITHHELD_COLOUR = "#b0b7bf"
WITHHELD_LABEL = "覆盖不足"

DEFAULT_COVERAGE_THRESHOLD = 0.80
# 预警 band: a shortfall of at most this share of the pace-expected value (docs/decisions.md).
DEFAULT_WARN_BAND = 0.10
EPS = 1e-9


SCHOOL_COLUMNS = ["code", "name", "district_id", "school_type", "ownership", "inclusive", "opened_on", "closed_on"]
VALUE_COLUMNS = ["org_id", "element", "period", "value"]


@dataclass(frozen=True)
class KpiDef:
    """A KPI definition as the computation needs it (one version of it)."""

    code: str
    name: str
    kind: str
    unit: str
    comparator: str
    target: float
    target_upper: float | None = None
    baseline_value: float | None = None
    baseline_period: str | None = None
    data_path: str = "school"
    frequency: str = "monthly"
    pace: str = Pace.LEVEL
    formula: dict[str, Any] | None = None
    category: str = ""
    source: str = ""
    owner: str | None = None
    valid_from: str = ""
    valid_to: str | None = None
    plan_year: int | None = None

    @property
    def is_relative(self) -> bool:
        return self.comparator in RELATIVE

    @property
    def level_unit(self) -> str:
        """Unit of the measured level: a relative target in 百分点 is measured on a rate in %."""
        return "%" if self.is_relative and self.unit == "百分点" else self.unit


@dataclass
class KpiResult:
    """One KPI for one period and scope. ``value`` is the figure judged against ``target``."""

    code: str
    name: str
    category: str
    kind: str
    data_path: str
    period: str
    unit: str
    comparator: str
    target: float
    target_upper: float | None
    pace: str
    value: float | None  # None = no data (never 0 for missing)
    level: float | None  # the measured level; equals value except for relative KPIs (the rate)
    level_unit: str
    expected: float | None  # the pace-expected value this period (target × month/12 for linear)
    status: str
    withheld: bool  # coverage below threshold: the status is not coloured
    reported: int
    expected_count: int
    previous: float | None = None  # value of the period before
    change: float | None = None  # value − previous
    change_unit: str = ""
    baseline: float | None = None  # baseline level for relative KPIs
    baseline_period: str | None = None
    version_from: str = ""
    source: str = ""
    owner: str | None = None
    # How final the reporting schools' figures are (issue 14): of the schools that reported, how many the
    # bureau confirmed and how many await review; None where unknown (bureau KPIs, pure computation).
    confirmed: int | None = None
    awaiting: int | None = None
    na_reason: str | None = None  # why the KPI does not apply to the one school in scope (不适用)

    @property
    def applies(self) -> bool:
        return self.na_reason is None

    @property
    def coverage(self) -> float | None:
        return None if self.expected_count == 0 else self.reported / self.expected_count

    @property
    def colour(self) -> str:
        return WITHHELD_COLOUR if self.withheld else STATUS_COLOURS[self.status]

    @property
    def shown_status(self) -> str:
        return WITHHELD_LABEL if self.withheld else self.status

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["coverage"] = {"reported": self.reported, "expected": self.expected_count}
        d.pop("reported")
        d.pop("expected_count")
        d["shown_status"] = self.shown_status
        return d


# --- inputs ---------------------------------------------------------------------------------

def empty_schools() -> pd.DataFrame:
    return pd.DataFrame(columns=SCHOOL_COLUMNS, index=pd.Index([], name="org_id"))


def empty_values() -> pd.DataFrame:
    return pd.DataFrame(columns=VALUE_COLUMNS)


def wide(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """The figures of one period as a table: one row per reporting school, one column per element."""
    v = values[values["period"] == period]
    if v.empty:
        return pd.DataFrame(index=pd.Index([], name="org_id"))
    try:
        return v.pivot(index="org_id", columns="element", values="value")
    except ValueError:  # duplicate (school, element) rows: the last one counts
        return v.pivot_table(index="org_id", columns="element", values="value", aggfunc="last")


def carried_value(entries: dict[str, float | None], period: str) -> tuple[bool, float | None]:
    """(found, value) of the newest period at or before ``period`` in {period: value}."""
    earlier = [p for p in entries if p <= period]
    if not earlier:
        return False, None
    return True, entries[max(earlier)]


def latest_bureau_values(bureau: pd.DataFrame | None) -> dict[tuple[str, str], float | None]:
    """(KPI code, period) → value of the newest row (by created_at, then id)."""
    if bureau is None or bureau.empty:
        return {}
    order = [c for c in ("created_at", "id") if c in bureau.columns]
    b = bureau.sort_values(order, kind="stable") if order else bureau
    b = b.drop_duplicates(["code", "period"], keep="last")
    return {(c, p): (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v))
            for c, p, v in zip(b["code"], b["period"], b["value"])}


# --- which schools count --------------------------------------------------------------------

def required_elements(d: KpiDef) -> list[str]:
    return formula_elements(d.formula)


def expected_schools(d: KpiDef, schools: pd.DataFrame, period: str) -> pd.DataFrame:
    """Schools that should report for this KPI in this period: of its school types and open."""
    types = (d.formula or {}).get("school_types")
    s = schools
    if types:
        s = s[s["school_type"].isin(types)]
    if "opened_on" in s.columns:
        s = s[s["opened_on"].isna() | (s["opened_on"] <= period)]
    if "closed_on" in s.columns:
        s = s[s["closed_on"].isna() | (s["closed_on"] >= period)]
    return s


def reporting_mask(d: KpiDef, expected: pd.DataFrame, w: pd.DataFrame) -> pd.Series:
    """True for the expected schools that reported every element the formula needs."""
    need = required_elements(d)
    if not need or any(e not in w.columns for e in need):
        return pd.Series(False, index=expected.index)
    sub = w.reindex(expected.index)[need]
    return sub.notna().all(axis=1)


# --- values by kind -------------------------------------------------------------------------

def _term_sum(term: dict, s: pd.DataFrame, w: pd.DataFrame) -> float:
    mask = pd.Series(True, index=s.index)
    if term.get("ownership"):
        mask &= s["ownership"] == term["ownership"]
    if term.get("inclusive") is not None:
        mask &= s["inclusive"].fillna(False).astype(bool) == bool(term["inclusive"])
    idx = s.index[mask.to_numpy()]
    return float(w.loc[idx, term["element"]].sum()) if len(idx) else 0.0


def _condition(op: str, x: pd.Series, value: Any) -> pd.Series:
    v = 1.0 if value is True else 0.0 if value is False else float(value)
    ops = {">=": x >= v - EPS, "<=": x <= v + EPS, ">": x > v, "<": x < v,
           "==": (x - v).abs() <= EPS, "!=": (x - v).abs() > EPS}
    if op not in ops:
        raise ValueError(f"不支持的条件运算符：{op}")
    return ops[op]


def dispersion(x_num: Iterable[float], x_den: Iterable[float]) -> float | None:
    """Student-weighted 差异系数: CV = sqrt(Σ (nᵢ/N)(xᵢ − x̄)²) / x̄, xᵢ = numᵢ/nᵢ, x̄ = Σnum/N."""
    num = np.asarray(list(x_num), dtype=float)
    den = np.asarray(list(x_den), dtype=float)
    keep = den > 0
    num, den = num[keep], den[keep]
    n_total = den.sum()
    if n_total <= 0:
        return None
    mean = num.sum() / n_total
    if mean == 0:
        return None
    x = num / den
    return float(math.sqrt(float(((den / n_total) * (x - mean) ** 2).sum())) / mean)


def _term_total(term: dict, fr: "_Frame", mask: np.ndarray) -> float:
    m = mask
    if term.get("ownership"):
        m = m & (fr.ownership == term["ownership"])
    if term.get("inclusive") is not None:
        m = m & (fr.inclusive == bool(term["inclusive"]))
    return float(fr.col(term["element"])[m].sum())


def school_level(d: KpiDef, fr: "_Frame", rep: np.ndarray) -> float | None:
    """The KPI's level over the reporting schools ``rep`` of a period frame, by kind; None when it
    cannot be formed (nobody reported, or a ratio's denominator is 0)."""
    n = int(rep.sum())
    if n == 0:
        return None
    f = d.formula or {}
    if d.kind == KpiKind.RATIO:
        den = sum(_term_total(t, fr, rep) for t in f["denominator"])
        if den == 0:
            return None  # 0 ÷ 0 is not 0 %
        num = sum(_term_total(t, fr, rep) for t in f["numerator"])
        return num / den * float(f.get("factor", 1))
    if d.kind == KpiKind.SUM:
        return float(sum(_term_total(t, fr, rep) for t in f["terms"]))
    if d.kind == KpiKind.MEAN:
        return float(fr.col(f["element"])[rep].mean())
    if d.kind == KpiKind.SHARE_OF_SCHOOLS:
        x = pd.Series(fr.col(f["element"])[rep])
        return float(_condition(f.get("op", "=="), x, f.get("value", True)).sum()) / n * 100.0
    if d.kind == KpiKind.DISPERSION:
        return dispersion(fr.col(f["numerator"])[rep], fr.col(f["denominator"])[rep])
    raise ValueError(f"学校填报指标不支持的计算方式：{d.kind}")


def per_school(d: KpiDef, schools: pd.DataFrame, values: pd.DataFrame, period: str) -> pd.DataFrame:
    """Each expected school's own figure for the KPI (NaN when it has not reported).

    Columns: reported (bool), value (the school's ratio / sum / element value / 100 or 0 for a
    condition met or not / xᵢ for dispersion) and weight (the denominator, for dispersion and ratios)."""
    exp = expected_schools(d, schools, period)
    w = wide(values, period)
    rep = reporting_mask(d, exp, w)
    out = pd.DataFrame(index=exp.index)
    out["reported"] = rep
    out["value"] = np.nan
    out["weight"] = np.nan
    ids = exp.index[rep.to_numpy()]
    if len(ids) == 0:
        return out
    f = d.formula or {}
    sw = w.loc[ids]
    s = exp.loc[ids]

    def terms_of(terms: list[dict]) -> pd.Series:
        total = pd.Series(0.0, index=ids)
        for t in terms:
            mask = pd.Series(True, index=ids)
            if t.get("ownership"):
                mask &= s["ownership"] == t["ownership"]
            if t.get("inclusive") is not None:
                mask &= s["inclusive"].fillna(False).astype(bool) == bool(t["inclusive"])
            total += sw[t["element"]].where(mask, 0.0)
        return total

    if d.kind == KpiKind.RATIO:
        den = terms_of(f["denominator"])
        num = terms_of(f["numerator"])
        out.loc[ids, "value"] = (num / den.where(den != 0)) * float(f.get("factor", 1))
        out.loc[ids, "weight"] = den
    elif d.kind == KpiKind.SUM:
        out.loc[ids, "value"] = terms_of(f["terms"])
    elif d.kind == KpiKind.MEAN:
        out.loc[ids, "value"] = sw[f["element"]]
    elif d.kind == KpiKind.SHARE_OF_SCHOOLS:
        out.loc[ids, "value"] = _condition(f.get("op", "=="), sw[f["element"]], f.get("value", True)).astype(float) * 100
    elif d.kind == KpiKind.DISPERSION:
        den = sw[f["denominator"]]
        out.loc[ids, "value"] = sw[f["numerator"]] / den.where(den != 0)
        out.loc[ids, "weight"] = den
    return out


# --- pace and status ------------------------------------------------------------------------

def pace_expected(d: KpiDef, period: str) -> float:
    """The value expected by this period: the target, or target × month/12 on a linear pace."""
    if d.pace != Pace.LINEAR:
        return d.target
    year, month = parse(period)
    plan_year = d.plan_year or year
    if year < plan_year:
        return 0.0
    if year > plan_year:
        return d.target
    return d.target * month / 12


def judge(d: KpiDef, value: float | None, expected: float, period: str, warn_band: float = DEFAULT_WARN_BAND) -> str:
    """达标 / 预警 / 滞后 / 未到期 / 无数据 for a value against its pace-expected target."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    year, month = parse(period)
    plan_year = d.plan_year or year
    due = year > plan_year or (year == plan_year and month == 12)
    if d.comparator == Comparator.LE:
        met = value <= expected + EPS
        near = value <= expected + abs(expected) * warn_band + EPS
    elif d.comparator == Comparator.EQ:
        met = abs(value - expected) <= EPS
        near = abs(value - expected) <= abs(expected) * warn_band + EPS
    else:  # >=, decrease_by, increase_by (relative values are the change achieved, higher is better)
        met = value >= expected - EPS
        near = value >= expected - abs(expected) * warn_band - EPS
    if met:
        return MET
    if d.kind == KpiKind.MILESTONE:  # done or not: no 预警 band, due at the end of the plan year
        return BEHIND if due else NOT_DUE
    if d.pace == Pace.END_OF_YEAR and not due:
        return NOT_DUE
    if d.pace == Pace.LINEAR and year < plan_year:
        return NOT_DUE
    return WARN if near else BEHIND


def baseline_period_of(d: KpiDef) -> str | None:
    """'2024' means the December of 2024; 'YYYY-MM' is taken as it is."""
    if not d.baseline_period:
        return None
    p = str(d.baseline_period)
    return f"{p}-12" if len(p) == 4 else p


def change_unit(d: KpiDef) -> str:
    return "百分点" if d.unit in ("%", "百分点") else d.unit


# --- the whole computation ------------------------------------------------------------------

class _Frame:
    """One period's figures aligned with the schools, as numpy arrays (built once per period)."""

    def __init__(self, schools: pd.DataFrame, w: pd.DataFrame, period: str):
        self.n = len(schools)
        self.school_type = schools["school_type"].to_numpy(dtype=object)
        self.ownership = schools["ownership"].to_numpy(dtype=object)
        self.inclusive = schools["inclusive"].fillna(False).astype(bool).to_numpy()
        opened = schools["opened_on"] if "opened_on" in schools.columns else pd.Series(None, index=schools.index)
        closed = schools["closed_on"] if "closed_on" in schools.columns else pd.Series(None, index=schools.index)
        self.open = ((opened.isna() | (opened.fillna("") <= period)) &
                     (closed.isna() | (closed.fillna("9999-99") >= period))).to_numpy(dtype=bool)
        aligned = w.reindex(schools.index)
        self._cols = {c: aligned[c].to_numpy(dtype=float) for c in aligned.columns}
        self._missing = np.full(self.n, np.nan)
        self._types: dict[tuple, np.ndarray] = {}

    def has(self, element: str) -> bool:
        return element in self._cols

    def col(self, element: str) -> np.ndarray:
        return self._cols.get(element, self._missing)

    def expected(self, types: list[str] | None) -> np.ndarray:
        key = tuple(types or ())
        if key not in self._types:
            self._types[key] = self.open & np.isin(self.school_type, list(key)) if key else self.open.copy()
        return self._types[key]


def long_values(wides: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per-period wide tables (org_id × element) → the long VALUE_COLUMNS table; missing stays missing."""
    parts = []
    for period, w in wides.items():
        if w.empty or not len(w.columns):
            continue
        s = w.stack().dropna()
        parts.append(pd.DataFrame({"org_id": s.index.get_level_values(0), "element": s.index.get_level_values(1),
                                   "period": period, "value": s.to_numpy(dtype=float)}))
    return pd.concat(parts, ignore_index=True) if parts else empty_values()


@dataclass
class Inputs:
    """What compute_all needs; values may span several periods (this, last month, baselines).

    Either ``values`` (long: org_id, element, period, value) or, from the database, one wide table
    per period already built (see from_wide); then ``values`` is None and a period without a table
    has no figures."""

    schools: pd.DataFrame
    values: pd.DataFrame | None
    bureau: pd.DataFrame | None = None
    _wide: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _frames: dict[str, _Frame] = field(default_factory=dict, repr=False)
    _bureau: dict | None = field(default=None, repr=False)

    @classmethod
    def from_wide(cls, schools: pd.DataFrame, wides: dict[str, pd.DataFrame],
                  bureau: pd.DataFrame | None = None) -> "Inputs":
        return cls(schools, None, bureau, _wide=dict(wides))

    def wide(self, period: str) -> pd.DataFrame:
        if period not in self._wide:
            self._wide[period] = wide(self.values if self.values is not None else empty_values(), period)
        return self._wide[period]

    def frame(self, period: str) -> _Frame:
        if period not in self._frames:
            self._frames[period] = _Frame(self.schools, self.wide(period), period)
        return self._frames[period]

    def bureau_value(self, code: str, period: str) -> tuple[bool, float | None]:
        if self._bureau is None:
            self._bureau = latest_bureau_values(self.bureau)
        key = (code, period)
        return key in self._bureau, self._bureau.get(key)

    def milestone_value(self, code: str, period: str) -> tuple[bool, float | None]:
        """The 科室's newest entry for the KPI at or before the period (a milestone stays as last reported)."""
        if self._bureau is None:
            self._bureau = latest_bureau_values(self.bureau)
        return carried_value({p: v for (c, p), v in self._bureau.items() if c == code}, period)


def level_and_coverage(d: KpiDef, inp: Inputs, period: str) -> tuple[float | None, int, int]:
    """(level, reported, expected) of a KPI in a period over the schools of ``inp``."""
    if d.data_path == DataPath.BUREAU or d.kind in BUREAU_KINDS:
        has, v = (inp.milestone_value if d.kind == KpiKind.MILESTONE else inp.bureau_value)(d.code, period)
        return v, int(has and v is not None), 1
    fr = inp.frame(period)
    exp = fr.expected((d.formula or {}).get("school_types"))
    need = required_elements(d)
    if not need or not all(fr.has(e) for e in need):
        rep = np.zeros(fr.n, dtype=bool)
    else:
        rep = exp.copy()
        for e in need:
            rep &= ~np.isnan(fr.col(e))
    return school_level(d, fr, rep), int(rep.sum()), int(exp.sum())


def reporting_ids(d: KpiDef, inp: Inputs, period: str) -> np.ndarray | None:
    """The org ids of the expected schools that reported what the KPI needs (None for bureau KPIs)."""
    if d.data_path == DataPath.BUREAU or d.kind in BUREAU_KINDS:
        return None
    fr = inp.frame(period)
    rep = fr.expected((d.formula or {}).get("school_types")).copy()
    need = required_elements(d)
    if not need or not all(fr.has(e) for e in need):
        return inp.schools.index.to_numpy()[:0]
    for e in need:
        rep &= ~np.isnan(fr.col(e))
    return inp.schools.index.to_numpy()[rep]


def _judged_value(d: KpiDef, level: float | None, baseline: float | None) -> float | None:
    if not d.is_relative:
        return level
    if level is None or baseline is None:
        return None
    return baseline - level if d.comparator == Comparator.DECREASE_BY else level - baseline


def compute_kpi(d: KpiDef, inp: Inputs, period: str, *, coverage_threshold: float = DEFAULT_COVERAGE_THRESHOLD,
                warn_band: float = DEFAULT_WARN_BAND, with_previous: bool = True) -> KpiResult:
    level, reported, expected_n = level_and_coverage(d, inp, period)
    baseline = None
    bp = baseline_period_of(d)
    if d.is_relative:
        baseline = d.baseline_value
        if baseline is None and bp:
            baseline, _, _ = level_and_coverage(d, inp, bp)
    value = _judged_value(d, level, baseline)
    expected = pace_expected(d, period)
    status = judge(d, value, expected, period, warn_band)
    cov = None if expected_n == 0 else reported / expected_n
    withheld = status != NO_DATA and cov is not None and cov + EPS < coverage_threshold
    previous = change = None
    if with_previous:
        prev_level, _, _ = level_and_coverage(d, inp, shift(period, -1))
        previous = _judged_value(d, prev_level, baseline)
        if previous is not None and value is not None:
            change = value - previous
    return KpiResult(
        code=d.code, name=d.name, category=d.category, kind=d.kind, data_path=d.data_path, period=period,
        unit=d.unit, comparator=d.comparator, target=d.target, target_upper=d.target_upper, pace=d.pace,
        value=value, level=level, level_unit=d.level_unit, expected=expected, status=status,
        withheld=withheld, reported=reported, expected_count=expected_n, previous=previous, change=change,
        change_unit=change_unit(d), baseline=baseline, baseline_period=bp if d.is_relative else None,
        version_from=d.valid_from, source=d.source, owner=d.owner,
    )


def compute_all(defs: Iterable[KpiDef], inp: Inputs, period: str, *, include_bureau: bool = True,
                coverage_threshold: float = DEFAULT_COVERAGE_THRESHOLD,
                warn_band: float = DEFAULT_WARN_BAND, with_previous: bool = True) -> list[KpiResult]:
    """One result per KPI (bureau-entered KPIs only when ``include_bureau``, i.e. at bureau scope)."""
    out = []
    for d in defs:
        if (d.data_path == DataPath.BUREAU or d.kind in BUREAU_KINDS) and not include_bureau:
            continue
        out.append(compute_kpi(d, inp, period, coverage_threshold=coverage_threshold,
                               warn_band=warn_band, with_previous=with_previous))
    return out


def status_counts(results: Iterable[KpiResult]) -> dict[str, int]:
    """How many KPIs are in each status (withheld ones counted under 覆盖不足 instead, 不适用 not at all)."""
    counts = {s: 0 for s in STATUSES}
    counts[WITHHELD_LABEL] = 0
    for r in results:
        if r.applies:  # 不适用 is left out of a school's counts
            counts[r.shown_status] += 1
    return counts


def by_group(d: KpiDef, inp: Inputs, period: str, group_ids: dict[Any, str], column: str = "district_id",
             **kw: Any) -> list[tuple[Any, str, KpiResult]]:
    """The KPI computed separately for each group of schools (e.g. each district)."""
    out = []
    for gid, name in group_ids.items():
        sub = Inputs(inp.schools[inp.schools[column] == gid], inp.values, inp.bureau)
        sub._wide = inp._wide
        out.append((gid, name, compute_kpi(d, sub, period, with_previous=False, **kw)))
    return out
