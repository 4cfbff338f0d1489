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


def update_rows(session: Session, table: Table, columns: Sequence[str], key: str, rows: Sequence[tuple]) -> None:
    """rows: (value of each column…, key value)."""
    if not rows:
        return
    marks = _marks(session, len(columns) + 1)
    sets = ", ".join(f"{c} = {m}" for c, m in zip(columns, marks))
    sql = f"UPDATE {table.name} SET {sets} WHERE {key} = {marks[-1]}"
    session.connection().exec_driver_sql(sql, list(rows))


def bind_value(session: Session, column, value):  # noqa: ANN001, ANN201
    """A value as the column's type writes it for this database (JSON as text, SQLite datetimes as
    SQLAlchemy stores them), for use in the raw rows above; computed once, not per row."""
    dialect = session.get_bind().dialect
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process(value) if process else value
