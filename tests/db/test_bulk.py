"""db.bulk: the fast insert paths write exactly the rows the plain ones would (SQLite's multi-row
statements with numbered parameters, including batches that do not divide evenly)."""

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, select
from sqlalchemy.orm import Session

from db import bulk

meta = MetaData()
spread = Table("t_spread", meta, Column("period", String(7), primary_key=True), Column("org", Integer, primary_key=True),
               Column("el", Integer, primary_key=True), Column("value", Float), Column("sub", Integer))
shared = Table("t_shared", meta, Column("id", Integer, primary_key=True), Column("kind", String(10)),
               Column("note", String(20)), Column("org", Integer), Column("prev", Integer))


def _rows(engine, table, order):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(table).order_by(*order))]


def test_insert_spread_writes_one_row_per_key_and_value(new_engine):
    engine = new_engine("bulk")
    meta.create_all(engine)
    wide = list(range(1, 251))  # more keys than one statement takes: split into parts
    items = [(("2026-03", 7, 70), [3, 1, 2], [3.5, 1.0, 2.25]),
             (("2026-03", 8, 80), [3, 1, 2], [30.0, 10.0, 20.0]),  # same keys: same statement
             (("2026-03", 9, 90), [2], [0.0]),  # other keys: its own statement
             (("2026-03", 10, 100), [], []),  # nothing to insert
             (("2026-03", 11, 110), wide, [k * 0.5 for k in wide])]
    with Session(engine) as s, s.begin():
        bulk.insert_spread(s, spread, ("period", "org", "sub"), "el", "value", items)
    expected = sorted([("2026-03", 7, 1, 1.0, 70), ("2026-03", 7, 2, 2.25, 70), ("2026-03", 7, 3, 3.5, 70),
                       ("2026-03", 8, 1, 10.0, 80), ("2026-03", 8, 2, 20.0, 80), ("2026-03", 8, 3, 30.0, 80),
                       ("2026-03", 9, 2, 0.0, 90)] + [("2026-03", 11, k, k * 0.5, 110) for k in wide])
    assert _rows(engine, spread, (spread.c.org, spread.c.el)) == expected


def test_insert_shared_binds_the_shared_values_to_every_row(new_engine):
    engine = new_engine("bulk2")
    meta.create_all(engine)
    rows = [(org, None if org % 3 else org - 1) for org in range(1, 251)]  # 2 full statements of 100 + 50
    with Session(engine) as s, s.begin():
        bulk.insert_shared(s, shared, {"kind": "child", "note": "同一文件"}, ("org", "prev"), rows)
    got = _rows(engine, shared, (shared.c.org,))
    assert [(k, n, o, p) for _id, k, n, o, p in got] == [("child", "同一文件", o, p) for o, p in rows]
    assert len({r[0] for r in got}) == 250


def test_update_rows_by_a_composite_key(new_engine):
    engine = new_engine("bulk3")
    meta.create_all(engine)
    with Session(engine) as s, s.begin():
        bulk.insert_spread(s, spread, ("period", "org", "sub"), "el", "value",
                           [(("2026-03", 1, 5), [1, 2], [1.0, 2.0]), (("2026-04", 1, 6), [1], [9.0])])
        bulk.update_rows(s, spread, ("value", "sub"), ("period", "org", "el"), [(4.0, 8, "2026-03", 1, 2)])
    assert _rows(engine, spread, (spread.c.period, spread.c.el)) == [
        ("2026-03", 1, 1, 1.0, 5), ("2026-03", 1, 2, 4.0, 8), ("2026-04", 1, 1, 9.0, 6)]
