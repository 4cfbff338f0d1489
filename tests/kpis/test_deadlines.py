"""填报截止时间: list (默认 / 已调整), set, reset, refusals, and 按时/逾期 flipping with the deadline.

A database of its own: 温岭's catalog, one school imported through the roster, and real uploads
through ingest.upload at chosen times."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from db.models import AuditLog, OrgUnit, ReportingPeriod, Submission
from db.session import read_session, write_session
from ingest.targets import period_choices
from ingest.template import build_template
from ingest.upload import upload
from kpis import deadlines, progress
from kpis.deadlines import CHINA
from seed.bootstrap import initialise
from tests.ingest.helpers import PRIMARY, SCHOOL, fill
from tests.ingest.roster_helpers import apply, csv_bytes

PLAN = "2025-taizhou"
PERIOD = "2026-01"  # due 2026-02-10 23:59 by default; 春节 2026 is 2月17日


@pytest.fixture
def engine(empty_engine):
    initialise(empty_engine)
    apply(empty_engine, csv_bytes("学校标识码,学校名称,所属片区,办学性质\n" + SCHOOL + ",太平第一小学,太平街道,公办\n"),
          SYSTEM, plan=PLAN)
    return empty_engine


def admin(engine, role: str = "admin", code: str = "331081") -> Principal:
    with read_session(engine) as s:
        b = s.scalar(select(OrgUnit).where(OrgUnit.code == code))
    return Principal(user_id=None, username="a", role=role, bureau_id=b.id)


def set_(engine, who, period, when):
    with write_session(engine) as s:
        return deadlines.set_deadline(s, who, PLAN, period, when)


def stored(engine, period=PERIOD):
    with read_session(engine) as s:
        return s.scalar(select(ReportingPeriod.deadline).where(ReportingPeriod.period == period))


def state(engine, period=PERIOD) -> tuple[str, str, object]:
    with read_session(engine) as s:
        _scope, table, due = progress.reporting_progress(s, SYSTEM, PLAN, period)
    row = table.set_index("学校标识码").loc[SCHOOL]
    return row["报送状态"], row["说明"], deadlines.show(due)


def test_list_marks_default_and_adjusted_over_the_window(engine):
    set_(engine, admin(engine), "2026-01", "2026-02-24 18:00")
    with read_session(engine) as s:
        rows = deadlines.list_deadlines(s, admin(engine), PLAN, today=date(2026, 2, 5))
    assert [r.period for r in rows] == [f"2026-{m:02d}" for m in (3, 2, 1)] + [f"2025-{m:02d}" for m in range(12, 1, -1)]
    assert len(rows) == 14  # the last 13 months and next month
    jan, feb = rows[2], rows[1]
    assert (deadlines.show(jan.deadline), jan.state, jan.stored) == ("2026年2月24日 18:00", "已调整", True)
    assert (deadlines.show(feb.deadline), feb.state, feb.stored) == ("2026年3月10日 23:59", "默认", False)


def test_set_stores_the_deadline_with_an_audit_row_and_reset_removes_it(engine):
    change = set_(engine, admin(engine), PERIOD, "2026-02-24 18:00")
    assert change.message == "2026年1月的截止时间已由 2026年2月10日 23:59 改为 2026年2月24日 18:00。"
    assert deadlines.beijing(stored(engine)) == datetime(2026, 2, 24, 18, 0, tzinfo=CHINA)
    with write_session(engine) as s:
        back = deadlines.reset_deadline(s, admin(engine), PLAN, PERIOD)
    assert back.message == "2026年1月的截止时间已由 2026年2月24日 18:00 改为 2026年2月10日 23:59。"
    assert stored(engine) is None
    with read_session(engine) as s:
        log = [(a.action, a.entity_id, a.before["deadline"], a.after["deadline"])
               for a in s.scalars(select(AuditLog).where(AuditLog.entity == "reporting_period").order_by(AuditLog.id))]
    assert log == [("set_deadline", "331081:2026-01", "2026年2月10日 23:59", "2026年2月24日 18:00"),
                   ("reset_deadline", "331081:2026-01", "2026年2月24日 18:00", "2026年2月10日 23:59")]


@pytest.mark.parametrize("text, message", [
    ("2026-01-31 23:59", "2026年1月的截止时间不能早于该月结束：填写的是 2026年1月31日 23:59，应为 2026年2月1日 00:00 或之后"
                         "（数据要在月底之后才能统计）。请改为下月的某一天，如 2026年2月10日 23:59。"),
    ("2027-03-01 00:00", "2026年1月的截止时间 2027年3月1日 00:00 比该月结束晚了一年以上，可能是年份填错了。请检查年份，如 2026年2月10日 23:59。"),
    ("2026-02-30 12:00", "截止时间“2026-02-30 12:00”无法识别。应为“年-月-日 时:分”（北京时间），如 2026-02-20 23:59。"),
    ("下周五", "截止时间“下周五”无法识别。应为“年-月-日 时:分”（北京时间），如 2026-02-20 23:59。"),
])
def test_bad_deadlines_are_refused_and_nothing_changes(engine, text, message):
    set_(engine, admin(engine), PERIOD, "2026-02-20 23:59")
    with pytest.raises(deadlines.DeadlineError) as exc:
        set_(engine, admin(engine), PERIOD, text)
    assert str(exc.value) == message
    assert deadlines.beijing(stored(engine)) == datetime(2026, 2, 20, 23, 59, tzinfo=CHINA)


def test_only_an_admin_of_the_bureau_may_change_a_deadline(engine):
    for who in (admin(engine, role="leader"), admin(engine, code="420500")):
        with pytest.raises(PermissionDenied) as exc:
            set_(engine, who, PERIOD, "2026-02-20 23:59")
        assert str(exc.value) == "只有温岭市教育局的管理员可以调整填报截止时间。"
    with pytest.raises(deadlines.DeadlineError) as exc:
        set_(engine, admin(engine), "2026-13", "2027-02-20 23:59")
    assert str(exc.value) == "填报期“2026-13”格式不对。应为 YYYY-MM，如 2026-01。"
    assert stored(engine) is None


def _upload(engine, at: datetime, **values):
    content = fill(build_template(SYSTEM, SCHOOL, PERIOD, engine=engine), default=dict(PRIMARY, **values))
    result = upload(SYSTEM, "太平一小1月.xlsx", content, period=PERIOD, org_code=SCHOOL, commit=True, engine=engine, now=at)
    with write_session(engine) as s:  # the store stamps the wall clock; this upload happened at `at`
        s.get(Submission, result.submission_id).uploaded_at = at
    return result


def test_on_time_and_late_follow_the_deadline_in_force(engine):
    # Uploaded on 2月15日, after the default deadline (2月10日 23:59): late.
    late = _upload(engine, datetime(2026, 2, 15, 9, 30, tzinfo=CHINA))
    assert late.status == "accepted" and late.on_time is False
    assert state(engine) == ("逾期", "逾期 5 天后报送", "2026年2月10日 23:59")

    # Extended over 春节 to 2月24日: the same upload is now on time, on the page and in the history.
    change = set_(engine, admin(engine), PERIOD, "2026-02-24 23:59")
    assert change.rejudged == 1 and change.message.endswith("；1 份已上传报表的按时/逾期判定随之改变。")
    assert state(engine) == ("按时", "", "2026年2月24日 23:59")
    with read_session(engine) as s:
        assert s.scalar(select(Submission.on_time).where(Submission.period == PERIOD)) is True
    # The upload page offers the new deadline, and a new upload before it is judged on time.
    choice = next(c for c in period_choices(SYSTEM, SCHOOL, today=date(2026, 2, 20), engine=engine) if c.period == PERIOD)
    assert choice.deadline.astimezone(CHINA) == datetime(2026, 2, 24, 23, 59, tzinfo=CHINA)
    again = _upload(engine, datetime(2026, 2, 20, 8, 0, tzinfo=CHINA), 近视学生数=302)  # a correction
    assert again.status == "accepted" and again.on_time is True and again.deadline.astimezone(CHINA) == datetime(2026, 2, 24, 23, 59, tzinfo=CHINA)

    # Back to the default: late again (the first accepted upload counts).
    with write_session(engine) as s:
        back = deadlines.reset_deadline(s, admin(engine), PLAN, PERIOD)
    assert back.rejudged == 2
    assert state(engine) == ("逾期", "逾期 5 天后报送", "2026年2月10日 23:59")


def test_without_a_stored_row_the_progress_page_shows_the_default(engine):
    assert state(engine, "2026-03")[0] == "未报送" and state(engine, "2026-03")[2] == "2026年4月10日 23:59"
