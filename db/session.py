"""Engine and sessions.

The default database is a SQLite file under data/; EDUKPI_DATABASE_URL picks another (PostgreSQL
in production). SQLite is tuned for several readers and one writer at a time: WAL, foreign keys,
a busy timeout, and write transactions that take the write lock up front (BEGIN IMMEDIATE), so two
writers queue instead of failing half-way with "database is locked"."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parent.parent
BUSY_TIMEOUT_MS = 30_000


def database_url() -> str:
    url = os.environ.get("EDUKPI_DATABASE_URL")
    if url:
        return url
    path = ROOT / "data" / "edukpi.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Let SQLAlchemy, not pysqlite, emit BEGIN, so writes can ask for IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        immediate = conn.get_execution_options().get("edukpi_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        _tune_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url)


def _factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def read_session(engine: Engine | None = None) -> Iterator[Session]:
    with _factory(engine or get_engine())() as session:
        yield session


@contextmanager
def write_session(engine: Engine | None = None) -> Iterator[Session]:
    """One transaction that commits as a whole or not at all."""
    engine = engine or get_engine()
    with _factory(engine.execution_options(edukpi_write=True))() as session:
        with session.begin():
            yield session


# SQLSTATEs of PostgreSQL errors that mean "another transaction was in the way; try again":
# serialization failure, deadlock detected, lock not available.
_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}


def queue_writers(session: Session, name: str) -> None:
    """Make writers of `name` take turns for the rest of this transaction. PostgreSQL: a
    transaction-scoped advisory lock (released at commit or rollback, also when the process dies);
    SQLite needs nothing, its BEGIN IMMEDIATE already lets one writer in at a time."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(name.encode())})


def is_contention(exc: BaseException) -> bool:
    """The write failed only because other writers held the database (SQLite busy/locked after
    the busy timeout, PostgreSQL serialization failure or deadlock): retrying may succeed."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    msg = str(orig).lower()
    return "database is locked" in msg or "database is busy" in msg or "database table is locked" in msg


def advance_id_sequence(session: Session, table: str) -> None:
    """After rows were inserted with explicit ids: PostgreSQL's serial sequence does not see them,
    so move it past the largest id (else the next ordinary insert collides). SQLite needs nothing."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))


def refresh_statistics(session: Session, tables: list[str]) -> None:
    """After a bulk load: PostgreSQL plans queries from table statistics, which a fresh table does
    not have until autovacuum gets to it; without them it chose a nested loop that read the
    dashboards' values 20× slower. ANALYZE them now (inside the transaction). SQLite: nothing."""
    if session.get_bind().dialect.name == "postgresql":
        for table in tables:
            session.execute(text(f"ANALYZE {table}"))
