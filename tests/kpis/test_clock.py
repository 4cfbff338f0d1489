"""UTC-written times read in Beijing time, whether the database kept the offset or not."""

from datetime import datetime, timedelta, timezone

from kpis import clock


def test_naive_times_from_sqlite_are_utc_and_shown_eight_hours_later():
    # 17:07 UTC on 29 November is 01:07 on 30 November in Beijing: the date moves too.
    assert clock.stamp(datetime(2026, 11, 29, 17, 7, 30)) == "2026年11月30日 01:07"
    assert clock.stamp(datetime(2026, 11, 29, 17, 7, 30), seconds=True) == "2026年11月30日 01:07:30"


def test_aware_times_from_postgresql_and_snapshot_strings():
    assert clock.stamp(datetime(2026, 11, 29, 17, 7, tzinfo=timezone.utc)) == "2026年11月30日 01:07"
    # A PostgreSQL session in another zone hands back the same instant with another offset.
    assert clock.stamp(datetime(2026, 11, 29, 12, 7, tzinfo=timezone(timedelta(hours=-5)))) == "2026年11月30日 01:07"
    assert clock.stamp("2026-11-29T17:07:00+00:00") == "2026年11月30日 01:07"


def test_nothing_to_show():
    assert clock.stamp(None) == "" and clock.stamp("") == ""


def test_one_date_format_with_the_deadlines_and_no_zero_padding():
    # 2026年1月5日, as deadlines and 督办 dates are written; never 2026-01-05 or 2026年01月05日.
    assert clock.stamp(datetime(2026, 1, 5, 8, 0)) == "2026年1月5日 16:00"


def test_local_is_the_beijing_wall_clock_for_sortable_tables():
    assert clock.local(datetime(2026, 11, 29, 17, 7)) == datetime(2026, 11, 30, 1, 7)
    assert clock.local("2026-11-29T17:07:00+00:00") == datetime(2026, 11, 30, 1, 7)
    assert clock.local(None) is None and clock.local("") is None
