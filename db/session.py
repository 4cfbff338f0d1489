"""Engine and sessions.

The default database is a SQLite file under data/; EDUKPI_DATABASE_URL picks another (PostgreSQL
in production). SQLite is tuned for several readers and one writer at a time: WAL, foreign keys,
a busy timeout, and write transactions that take the write lock up front (BEGIN IMMEDIATE), so two
writers queue instead of failing half-way with "database is locked"."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import SQLAlchemyError as DatabaseError  # noqa: F401 - what pages may catch
from sqlalchemy.orm import Session, sessionmaker

from core import settings

ROOT = Path(__file__).resolve().parent.parent
BUSY_TIMEOUT_MS = 30_000


def database_url() -> str:
    url = settings.get().database_url
    if url:
        return url
    path = ROOT / "data" / "edukpi.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def shown_url(url: str | None = None) -> str:
    """The database URL as it may be printed: without its password."""
    # SQLAlchemy percent-encodes the path; a person reads the folder names as they typed them.
    return unquote(make_url(url or database_url()).render_as_string(hide_password=True))


def unreachable_message(err: BaseException, url: str | None = None) -> str:
    """One Chinese line for a database that cannot be used: which one (no password), what went wrong
    and what to do."""
    where = shown_url(url)
    text_ = str(getattr(err, "orig", err) or err).lower()
    if "password authentication failed" in text_ or "authentication" in text_:
        why = "用户名或密码不正确，请检查 EDUKPI_DATABASE_URL 中的用户和密码"
    elif "does not exist" in text_ and "database" in text_:
        why = "该数据库不存在，请先在服务器上创建数据库（createdb），再运行 python -m kpis init"
    elif "connection refused" in text_ or "could not connect" in text_ or "timeout" in text_ \
            or "name or service not known" in text_ or "no route" in text_:
        why = "数据库服务器没有运行或无法连接，请启动 PostgreSQL 或检查主机名和端口"
    elif "unable to open database file" in text_:
        why = "无法打开数据库文件，请检查文件夹是否存在、是否有读写权限"
    elif "locked" in text_ or "busy" in text_:
        why = "数据库正被其他程序长时间占用，请稍后重试"
    elif "no such table" in text_ or "undefinedtable" in text_ or ("relation" in text_ and "does not exist" in text_):
        why = "数据库尚未迁移到当前版本，请先运行 python -m kpis init"
    else:
        why = f"数据库返回错误（{str(getattr(err, 'orig', err)).splitlines()[0][:120]}）"
    return f"无法使用数据库 {where}：{why}。"


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
