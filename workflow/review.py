"""What a reviewer looks at before approving: each school's figures against last month, with the
data-quality findings (jumps, range breaches) of kpis.quality, and the count of findings per school
for the review list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from auth.principal import Principal
from kpis import figures, quality
from kpis.formatting import number
from kpis.periods import shift


@dataclass(frozen=True)
class ValueRow:
    element: str
    unit: str
    value: float
    last: float | None
    issue: str  # the quality finding, '' when none

    @property
    def change(self) -> str:
        return "" if self.last is None else f"{'+' if self.value >= self.last else '−'}{number(abs(self.value - self.last))}"


def outliers_by_school(session: Session, p: Principal, plan_key: str, period: str,
                       district: str | None = None) -> dict[str, int]:
    """School code → number of quality findings this period (jumps against last month, out of range)."""
    _scope, issues = quality.quality_issues(session, p, plan_key, period, district=district)
    return issues.groupby("code").size().to_dict() if not issues.empty else {}


def school_values(session: Session, p: Principal, plan_key: str, school_code: str, period: str) -> list[ValueRow]:
    """The school's figures for the period beside last month's, each with its finding (scope-checked)."""
    scope = figures.resolve_scope(session, p, plan_key, school=school_code)
    values = figures.load_values(session, scope, [period, shift(period, -1)])
    elements = quality.elements_frame(session)
    issues = quality.find_issues(values, elements, period)
    found = {row.element: row.message for row in issues.itertuples()}
    last = {r.element: r.value for r in values[values["period"] == shift(period, -1)].itertuples()}
    out = []
    for r in values[values["period"] == period].sort_values("element").itertuples():
        e = elements.loc[r.element] if r.element in elements.index else None
        out.append(ValueRow(e["name"] if e is not None else r.element, (e["unit"] or "") if e is not None else "",
                            float(r.value), last.get(r.element), found.get(r.element, "")))
    return out


def periods(session: Session, p: Principal, plan_key: str, today=None) -> list[str]:  # noqa: ANN001 - a date
    """Periods to review, newest first: the plan's periods with a deadline or figures, and last month."""
    from kpis.periods import current_period, previous_period

    known = set(figures.available_periods(session, p, plan_key))
    known.add(previous_period(current_period(today)))
    return sorted(known, reverse=True)
