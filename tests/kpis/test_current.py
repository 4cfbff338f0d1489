"""One current period per bureau: the open reporting month while the plan year runs, the plan's
December (and a notice) after it, January before it — with the clock injected."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from db.models import OrgUnit, Plan
from db.session import read_session
from kpis import current
from core.timezones import CHINA


def beijing(y, m, d, h=12):
    return datetime(y, m, d, h, tzinfo=CHINA)


@pytest.mark.parametrize("at, period, opened, ended", [
    (beijing(2025, 7, 15), "2025-06", "2025-06", False),     # mid-year: last month is being reported
    (beijing(2025, 12, 31, 23), "2025-11", "2025-11", False),
    (beijing(2026, 1, 5), "2025-12", "2025-12", True),       # the year is over, December still open
    (beijing(2026, 12, 5), "2025-12", "2026-11", True),      # a year later: the plan's last month
    (beijing(2025, 1, 20), "2025-01", "2024-12", False),     # before the first month has ended
    (beijing(2024, 6, 1), "2025-01", "2024-05", False),      # a plan imported ahead of its year
])
def test_the_rule_on_both_sides_of_the_plan_year(at, period, opened, ended):
    cur = current.of_plan_year(2025, at)
    assert (cur.period, cur.open_period, cur.ended) == (period, opened, ended)
    if ended:
        assert cur.notice == "2025年工作要点已结束；请导入2026年工作要点"
    else:
        assert cur.notice is None


def test_the_month_turns_in_beijing_time_not_utc():
    # 2025-08-01 00:30 in Beijing is still July 31 in UTC: July is now the month being reported.
    at = datetime(2025, 7, 31, 16, 30, tzinfo=timezone.utc)
    assert current.open_period(at) == "2025-07"
    assert current.of_plan_year(2025, at).period == "2025-07"


def test_the_clock_is_injectable(monkeypatch):
    monkeypatch.setattr(current, "now", lambda: beijing(2025, 4, 2))
    assert current.of_plan_year(2025).period == "2025-03"


def test_plan_bureau_and_school_agree(demo_db):
    at = beijing(2025, 9, 3)
    with read_session() as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2025-taizhou"))
        school = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == plan.bureau_id, OrgUnit.level == "school"))
        by_plan = current.for_plan(s, SYSTEM, "2025-taizhou", at)
        by_bureau = current.for_bureau(s, plan.bureau_id, at)
        by_school = current.for_org(s, school.code, at)
        assert by_plan == by_bureau == by_school
        assert by_plan.period == "2025-08" and not by_plan.ended
        assert current.for_org(s, "0000000000", at) is None  # no such unit: no period, no error
        outsider = Principal(None, "x", "leader", bureau_id=school.id + 10_000)
        with pytest.raises(PermissionDenied):
            current.for_plan(s, outsider, "2025-taizhou", at)
