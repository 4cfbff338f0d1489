"""An empty database upgrades to head; init twice loses nothing and changes nothing."""

import pytest
from sqlalchemy import func, inspect, select

from db import migrate
from db.models import Base, BureauUpdate, Kpi, KpiVersion, OrgUnit, SchoolValues
from db.session import read_session, write_session
from seed.bootstrap import initialise
from tests.conftest import on_postgres


def test_empty_database_upgrades_to_head(empty_engine):
    assert migrate.current_revision(empty_engine) is None
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrations_match_the_models(empty_engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def _counts(engine):
    with read_session(engine) as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m))
                for m in (OrgUnit, Kpi, KpiVersion, SchoolValues, BureauUpdate)}


def test_second_init_is_a_no_op_that_loses_nothing(empty_engine):
    first = initialise(empty_engine, with_demo=True)
    assert first.catalog.kpis_added >= 55
    # Someone records a figure between the two runs; it must survive.
    with write_session(empty_engine) as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == "WJ21-01"))
        s.add(BureauUpdate(kpi_id=kpi.id, period="2021-12", value=6601, note="年终核定"))
    before = _counts(empty_engine)
    second = initialise(empty_engine, with_demo=True)
    assert second.catalog.nothing_changed
    assert all(d.schools == 0 for d in second.demo.values())
    assert _counts(empty_engine) == before
    with read_session(empty_engine) as s:
        assert s.scalar(select(BureauUpdate.value).where(BureauUpdate.note == "年终核定")) == 6601


@pytest.mark.skipif(on_postgres(), reason="SQLite 专用设置")
def test_sqlite_is_tuned_for_concurrent_use(empty_engine):
    with empty_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def migrate_to(engine, rev: str, down: bool = False) -> None:
    """Upgrade (or downgrade) the database to one revision, as Alembic's command line would."""
    from alembic import command

    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, rev)


def test_0302_keeps_every_value_and_makes_the_key_the_primary_key(empty_engine):
    """data_value loses its surrogate id: the rows of a database at 0311 are all still there after
    the upgrade (and after a downgrade and upgrade again), keyed by (period, school, element)."""
    from sqlalchemy import text

    def to(rev, down=False):
        migrate_to(empty_engine, rev, down)

    to("0311")
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO org_unit (id, code, name, level, inclusive) VALUES (1, 'a', '甲校', 'school', false),"
                          " (2, 'b', '乙校', 'school', false)"))
        conn.execute(text("INSERT INTO data_element (id, code, name, unit, type, school_types) VALUES"
                          " (1, 'x', '项目一', '人', 'int', '[]'), (2, 'y', '项目二', '个', 'int', '[]')"))
        conn.execute(text("INSERT INTO data_value (org_unit_id, element_id, period, value, submission_id) VALUES"
                          " (1, 1, '2026-01', 10, NULL), (1, 2, '2026-01', 2.5, NULL), (2, 1, '2026-02', 7, NULL)"))
    rows = "SELECT period, org_unit_id, element_id, value FROM data_value ORDER BY 1, 2, 3"
    expected = [("2026-01", 1, 1, 10.0), ("2026-01", 1, 2, 2.5), ("2026-02", 2, 1, 7.0)]
    to("0302")
    with empty_engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(text(rows))] == expected
    insp = inspect(empty_engine)
    assert insp.get_pk_constraint("data_value")["constrained_columns"] == ["period", "org_unit_id", "element_id"]
    assert "id" not in {c["name"] for c in insp.get_columns("data_value")}
    if not on_postgres():
        with empty_engine.connect() as conn:
            ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'data_value'").scalar()
        assert "WITHOUT ROWID" in ddl
    to("0311", down=True)
    with empty_engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(text(rows))] == expected
        assert conn.execute(text("SELECT count(DISTINCT id) FROM data_value")).scalar() == 3
    to("0304")
    with empty_engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(text(rows))] == expected


def test_0323_folds_each_school_period_into_one_row_and_back(empty_engine):
    """data_value (one row per value) becomes school_values (one row per school and period, JSON):
    every value survives, the newest submission that wrote one of a school's values is the row's
    provenance, and a downgrade splits the rows back into the same values."""
    import json

    from sqlalchemy import text

    def to(rev, down=False):
        migrate_to(empty_engine, rev, down)

    to("0304")
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO org_unit (id, code, name, level, inclusive) VALUES (1, 'a', '甲校', 'school', false),"
                          " (2, 'b', '乙校', 'school', false)"))
        conn.execute(text("INSERT INTO data_element (id, code, name, unit, type, school_types) VALUES"
                          " (1, 'x', '项目一', '人', 'int', '[]'), (2, 'y', '项目二', '个', 'int', '[]')"))
        conn.execute(text("INSERT INTO submission (id, filename, content, sha256, status, uploaded_at) VALUES"
                          " (5, 'a.xlsx', '', 'h5', 'accepted', '2026-02-01 08:00:00'), (9, 'b.xlsx', '', 'h9', 'accepted', '2026-02-01 09:00:00')"))
        conn.execute(text("INSERT INTO data_value (org_unit_id, element_id, period, value, submission_id) VALUES"
                          " (1, 1, '2026-01', 10, 5), (1, 2, '2026-01', 2.5, 9), (2, 1, '2026-02', 7, NULL),"
                          " (2, 1, '2026-01', 0, 5)"))
    to("0323")
    with empty_engine.connect() as conn:
        got = [(p, o, json.loads(j), s) for p, o, j, s in conn.execute(text(
            "SELECT period, org_unit_id, values_json, submission_id FROM school_values ORDER BY 1, 2"))]
    assert got == [("2026-01", 1, {"1": 10.0, "2": 2.5}, 9), ("2026-01", 2, {"1": 0.0}, 5),
                   ("2026-02", 2, {"1": 7.0}, None)]
    assert "data_value" not in inspect(empty_engine).get_table_names()
    to("0304", down=True)
    with empty_engine.connect() as conn:
        back = [tuple(r) for r in conn.execute(text(
            "SELECT period, org_unit_id, element_id, value, submission_id FROM data_value ORDER BY 1, 2, 3"))]
    # Provenance is per row after the upgrade, so each value comes back with its row's submission.
    assert back == [("2026-01", 1, 1, 10.0, 9), ("2026-01", 1, 2, 2.5, 9), ("2026-01", 2, 1, 0.0, 5),
                    ("2026-02", 2, 1, 7.0, None)]
    to("head")
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM school_values")).scalar() == 3


def test_0603_flags_the_demo_accounts_that_still_have_the_published_password(empty_engine):
    """Existing databases: demo_* accounts with the published password become demo accounts (refused
    outside demo mode); one whose password was changed, and other users, stay ordinary."""
    from sqlalchemy import text

    from auth import passwords

    migrate_to(empty_engine, "0323")
    published, other = passwords.hash_password("Demo-EduKPI-2468"), passwords.hash_password("Changed-Pass-2468")
    with empty_engine.begin() as conn:
        for i, (name, h) in enumerate([("demo_admin", published), ("demo_leader", other),
                                       ("zhangsan", published)], start=1):
            conn.execute(text("INSERT INTO app_user (id, username, display_name, password_hash, role, active, created_at)"
                              " VALUES (:i, :n, '', :h, 'admin', true, '2026-01-01 00:00:00')"), {"i": i, "n": name, "h": h})
    migrate_to(empty_engine, "0603")
    with empty_engine.connect() as conn:
        flags = dict(conn.execute(text("SELECT username, is_demo FROM app_user")).all())
    assert {k: bool(v) for k, v in flags.items()} == {"demo_admin": True, "demo_leader": False, "zhangsan": False}
    migrate_to(empty_engine, "0323", down=True)
    assert "is_demo" not in {c["name"] for c in inspect(empty_engine).get_columns("app_user")}


def test_0604_attributes_existing_audit_rows_to_the_bureau_they_concern(empty_engine):
    """Rows written before audit_log.bureau_id: attributed from what they name, else from the acting
    user's scope; rows that name no bureau's data stay NULL."""
    from sqlalchemy import text

    migrate_to(empty_engine, "0603")
    with empty_engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO org_unit (id, code, name, level, parent_id, bureau_id, inclusive) VALUES"
            " (1, '331081', '甲局', 'bureau', NULL, NULL, false), (2, '420500', '乙局', 'bureau', NULL, NULL, false),"
            " (3, '331081001', '甲片区', 'district', 1, 1, false), (4, '2110810001', '甲小学', 'school', 3, 1, false)"))
        conn.execute(text(
            "INSERT INTO app_user (id, username, display_name, password_hash, role, scope_org_id, active, created_at, is_demo)"
            " VALUES (1, 'root', '', 'x', 'admin', NULL, true, '2026-01-01', false),"
            " (2, 'jia_school', '', 'x', 'school', 4, true, '2026-01-01', false),"
            " (3, 'yi_admin', '', 'x', 'admin', 2, true, '2026-01-01', false)"))
        conn.execute(text("INSERT INTO plan (id, plan_key, bureau_id, year, title, script) VALUES (1, '2025-taizhou', 1, 2025, 't', 'simplified')"))
        conn.execute(text("INSERT INTO submission (id, org_unit_id, filename, content, sha256, status, uploaded_at)"
                          " VALUES (7, 4, 'a.xlsx', '', 'h', 'accepted', '2026-02-01 08:00:00')"))
        rows = [(1, None, "submit_values", "submission", "7"),          # the CLI's upload for 甲小学
                (2, 1, "create", "user", "2"),                          # a system admin creates a 甲 user
                (3, 1, "import_plan", "plan", "2025-taizhou"),
                (4, None, "set_deadline", "reporting_period", "331081:2026-01"),
                (5, None, "import_roster", "org_unit", "420500"),
                (6, 3, "sign_in", "session", "3"),
                (7, 2, "upload_identical", "submission", None),         # only the actor says which bureau
                (8, 1, "sign_in", "session", "1")]                      # the system admin's own: no bureau
        for i, uid, action, entity, eid in rows:
            conn.execute(text("INSERT INTO audit_log (id, at, user_id, action, entity, entity_id) VALUES"
                              " (:i, '2026-02-01 08:00:00', :u, :a, :e, :x)"),
                         {"i": i, "u": uid, "a": action, "e": entity, "x": eid})
    migrate_to(empty_engine, "0604")
    with empty_engine.connect() as conn:
        got = dict(conn.execute(text("SELECT id, bureau_id FROM audit_log")).all())
    assert got == {1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 1, 8: None}
    migrate_to(empty_engine, "0603", down=True)
    assert "bureau_id" not in {c["name"] for c in inspect(empty_engine).get_columns("audit_log")}
