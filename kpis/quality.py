"""Data-quality checks on reported figures: month-over-month jumps, range breaches and the rules
between numbers (kpis.catalog.rules — the same rules an upload and the web form run).

``find_issues`` is a pure function over the long table of values (org_id, element, period, value)
and the data elements; ``quality_issues`` loads them for a plan, period and scope after checking
the Principal."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import Principal
from db.models import DataElement
from kpis import figures
from kpis.catalog import rules as catalog_rules
from kpis.formatting import number
from kpis.periods import shift

JUMP = "环比跳变"
RANGE = "超出合理范围"
RULE = "数值间不符"  # a hard rule between numbers broken (近视学生数 > 视力筛查学生数)
RULE_SOFT = "数值间存疑"  # a soft one
# A change is a jump when it is at least half the previous value AND at least 5 % of the element's
# plausible range (so 5 → 30 sets of beds or 1.8 → 2.0 hours is not, 812 → 2,436 students is).
JUMP_RATIO = 0.5
JUMP_RANGE_SHARE = 0.05

ISSUE_COLUMNS = ["org_id", "element", "period", "kind", "value", "previous", "message"]


def elements_frame(session: Session) -> pd.DataFrame:
    rows = session.execute(select(DataElement.code, DataElement.name, DataElement.unit, DataElement.type,
                                  DataElement.min_value, DataElement.max_value)).all()
    return pd.DataFrame(rows, columns=["code", "name", "unit", "type", "min", "max"]).set_index("code")


def _u(x: float, unit: str) -> str:
    return f"{number(x)}{'' if unit in ('', '%') else ' '}{unit}"


def find_issues(values: pd.DataFrame, elements: pd.DataFrame, period: str,
                jump_ratio: float = JUMP_RATIO, range_share: float = JUMP_RANGE_SHARE) -> pd.DataFrame:
    """Issues of ``period``: values outside [min, max] and jumps against the month before."""
    cur = values[values["period"] == period]
    if cur.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    prev = values[values["period"] == shift(period, -1)][["org_id", "element", "value"]]
    df = cur.merge(prev.rename(columns={"value": "previous"}), on=["org_id", "element"], how="left")
    df = df.join(elements, on="element")
    out = []
    lo = df["min"]
    hi = df["max"]
    breach = (lo.notna() & (df["value"] < lo)) | (hi.notna() & (df["value"] > hi))
    for row in df[breach].itertuples():
        bounds = f"{number(row.min) if pd.notna(row.min) else '—'}–{_u(row.max, row.unit) if pd.notna(row.max) else '—'}"
        out.append((row.org_id, row.element, period, RANGE, row.value, row.previous,
                    f"{row.name} 为 {_u(row.value, row.unit)}，超出合理范围 {bounds}，请核实后重新上传。"))
    span = (hi - lo).where(hi.notna() & lo.notna())
    delta = (df["value"] - df["previous"]).abs()
    jump = (df["type"] != "bool") & df["previous"].notna() & (delta >= jump_ratio * df["previous"].abs()) \
        & (delta >= (span * range_share).fillna(0)) & (delta > 0)
    for row in df[jump].itertuples():
        if row.previous:
            rel = f"（{'+' if row.value >= row.previous else '−'}{number(abs(row.value - row.previous) / abs(row.previous) * 100, 0)}%）"
        else:
            rel = ""
        out.append((row.org_id, row.element, period, JUMP, row.value, row.previous,
                    f"{row.name} 由上月 {_u(row.previous, row.unit)} 变为 {_u(row.value, row.unit)}{rel}，"
                    "变化异常，请与学校核实是否填写有误。"))
    return pd.DataFrame(out, columns=ISSUE_COLUMNS)


def rule_breaches(values: pd.DataFrame, elements: pd.DataFrame, period: str,
                  rules: tuple[catalog_rules.Rule, ...] | None = None) -> pd.DataFrame:
    """Issues of ``period``: each school's figures checked against the rules between numbers."""
    rules = catalog_rules.load_rules() if rules is None else rules
    cur = values[values["period"] == period]
    out = []
    names = elements["name"].to_dict() if "name" in elements else {}
    units = elements["unit"].to_dict() if "unit" in elements else {}
    for org_id, grp in cur.groupby("org_id", sort=True):
        figures_ = dict(zip(grp["element"], grp["value"]))
        for b in catalog_rules.check(rules, figures_):
            r = b.rule
            side = lambda codes: "+".join(names.get(c, c) for c in codes)  # noqa: E731
            unit = units.get(r.left[0], "")
            kind = RULE if r.importance == catalog_rules.Importance.HARD else RULE_SOFT
            out.append((org_id, r.left[0], period, kind, b.left, b.right,
                        f"{side(r.left)} {_u(b.left, unit)}，{catalog_rules.BROKEN[r.op]}{side(r.right)} "
                        f"{_u(b.right, unit)}：{r.message}。请与学校核实后更正。"))
    return pd.DataFrame(out, columns=ISSUE_COLUMNS)


def quality_issues(session: Session, principal: Principal, plan_key: str, period: str, district: str | None = None,
                   school: str | None = None, school_type: str | None = None,
                   elements: list[str] | None = None) -> tuple[figures.Scope, pd.DataFrame]:
    """Issues in scope, with the school's code, name and district for display."""
    figures.check_period(period)
    scope = figures.resolve_scope(session, principal, plan_key, district, school, school_type)
    values = figures.load_values(session, scope, [period, shift(period, -1)], elements)
    frame = elements_frame(session)
    issues = pd.concat([find_issues(values, frame, period), rule_breaches(values, frame, period)], ignore_index=True)
    schools = figures.load_schools(session, scope)
    names = figures.district_names(session, scope)
    issues = issues.join(schools[["code", "name", "district_id"]], on="org_id")
    issues["district"] = issues["district_id"].map(names)
    return scope, issues.sort_values(["kind", "district", "code"]).reset_index(drop=True)
