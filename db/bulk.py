"""Fast executemany for large batches of plain rows (an upload of 200,000 values).

SQLAlchemy's per-row parameter processing dominates large Core inserts; these helpers hand
positional tuples straight to the DBAPI's executemany inside the session's transaction. They
know tables and columns only, no domain rules."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table
from sqlalchemy.orm import Session


def _marks(session: Session, n: int) -> list[str]:
    style = session.get_bind().dialect.paramstyle
    if style == "qmark":
        return ["?"] * n
    if style == "numeric":
        return [f":{i + 1}" for i in range(n)]
    if style in ("format", "pyformat"):
        return ["%s"] * n
    raise NotImplementedError(f"paramstyle {style}")


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    if not rows:
        return
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(_marks(session, len(columns)))})"
    session.connection().exec_driver_sql(sql, list(rows))


def insert_spread(session: Session, table: Table, shared: Sequence[str], key: str, value: str,
                  items: Sequence[tuple[tuple, Sequence[int], Sequence]]) -> None:
    """Insert one row per (key, value) pair of each item: item = (values of the shared columns,
    the key column's integer values, the value column's values). Rows come out as
    (shared…, key_i, value_i).

    On SQLite each item is ONE multi-row INSERT whose shared values are bound once (numbered
    parameters ?1…) and whose integer keys are literals; items with the same keys share the
    statement, run with executemany. Binding 5 parameters per row from Python was most of the cost
    of storing a district file (20 rows per school: 100 parameters → 23). Other databases get the
    plain rows through the driver's executemany."""
    if not items:
        return
    if session.get_bind().dialect.name != "sqlite":
        rows = [(*fixed, k, x) for fixed, keys, values in items for k, x in zip(keys, values)]
        insert_rows(session, table, (*shared, key, value), rows)
        return
    n = len(shared)
    cols = ", ".join((*shared, key, value))
    groups: dict[tuple[int, ...], list[tuple]] = {}
    for fixed, keys, values in items:
        keys = tuple(keys)
        if keys:
            groups.setdefault(keys, []).append((*fixed, *values))
    conn = session.connection()
    own = ", ".join(f"?{i + 1}" for i in range(n))
    for keys, params in groups.items():
        for start in range(0, len(keys), _SPREAD_MAX):  # stay well inside SQLite's parameter limit
            part = keys[start:start + _SPREAD_MAX]
            rows_sql = ", ".join(f"({own}, {int(k)}, ?{n + i + 1})" for i, k in enumerate(part))
            sql = f"INSERT INTO {table.name} ({cols}) VALUES {rows_sql}"
            if len(part) == len(keys):
                conn.exec_driver_sql(sql, params)
            else:
                conn.exec_driver_sql(sql, [p[:n] + p[n + start:n + start + len(part)] for p in params])


_SPREAD_MAX = 200


def insert_shared(session: Session, table: Table, shared: dict[str, object], columns: Sequence[str],
                  rows: Sequence[tuple], per_statement: int = 100) -> None:
    """Insert rows that differ only in `columns`; every row also gets the `shared` column values
    (already in the form the driver takes, see bind_value). On SQLite `per_statement` rows go in one
    multi-row INSERT that binds the shared values once (?1…); elsewhere plain executemany."""
    if not rows:
        return
    names, fixed = tuple(shared), tuple(shared.values())
    if session.get_bind().dialect.name != "sqlite":
        insert_rows(session, table, (*names, *columns), [(*fixed, *r) for r in rows])
        return
    n, w = len(names), len(columns)
    own = ", ".join(f"?{i + 1}" for i in range(n))
    cols = ", ".join((*names, *columns))
    conn = session.connection()

    def sql(k: int) -> str:
        values = ", ".join("(" + own + "".join(f", ?{n + r * w + c + 1}" for c in range(w)) + ")" for r in range(k))
        return f"INSERT INTO {table.name} ({cols}) VALUES {values}"

    whole = len(rows) - len(rows) % per_statement
    if whole:
        conn.exec_driver_sql(sql(per_statement), [fixed + tuple(x for r in rows[i:i + per_statement] for x in r)
                                                  for i in range(0, whole, per_statement)])
    if whole < len(rows):
        rest = rows[whole:]
        conn.exec_driver_sql(sql(len(rest)), [fixed + tuple(x for r in rest for x in r)])


def update_rows(session: Session, table: Table, columns: Sequence[str], key: str | Sequence[str],
                rows: Sequence[tuple]) -> None:
    """rows: (value of each column…, value of each key column…); key: one column or several."""
    if not rows:
        return
    keys = (key,) if isinstance(key, str) else tuple(key)
    marks = _marks(session, len(columns) + len(keys))
    sets = ", ".join(f"{c} = {m}" for c, m in zip(columns, marks))
    where = " AND ".join(f"{k} = {m}" for k, m in zip(keys, marks[len(columns):]))
    sql = f"UPDATE {table.name} SET {sets} WHERE {where}"
    session.connection().exec_driver_sql(sql, list(rows))


def bind_value(session: Session, column, value):  # noqa: ANN001, ANN201
    """A value as the column's type writes it for this database (JSON as text, SQLite datetimes as
    SQLAlchemy stores them), for use in the raw rows above; computed once, not per row."""
    dialect = session.get_bind().dialect
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process(value) if process else value
