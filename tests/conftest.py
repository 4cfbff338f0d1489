"""Shared fixtures. The whole run uses one demo database, built once.

EDUKPI_DATABASE_URL is set before any test imports the engine, so the app, the CLI and the
service layer all see the same database the tests check. By default that is a SQLite file in a
temporary folder; with EDUKPI_TEST_DATABASE_URL (PostgreSQL) the same tests run on that server,
on a schema emptied at the start, and fresh databases are created per test where one is needed."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="edukpi-tests-"))
PG_URL = os.environ.get("EDUKPI_TEST_DATABASE_URL")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["EDUKPI_DATABASE_URL"] = PG_URL or f"sqlite:///{_TMP / 'demo.db'}"
    os.environ["EDUKPI_DEMO"] = "1"
    if PG_URL:
        _reset_pg_schema(PG_URL)


def _reset_pg_schema(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def on_postgres() -> bool:
    return bool(PG_URL)


@pytest.fixture(scope="session")
def demo_db() -> str:
    """The shared database, migrated, with the catalog and demo data. Returns its URL."""
    from seed.bootstrap import initialise

    initialise(with_demo=True)
    return os.environ["EDUKPI_DATABASE_URL"]


@pytest.fixture
def new_engine(tmp_path: Path):
    """A factory of fresh, empty databases (SQLite files, or new PostgreSQL databases)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from db.session import make_engine

    made = []

    def factory(name: str = "fresh"):
        if not PG_URL:
            engine = make_engine(f"sqlite:///{tmp_path / (name + '.db')}")
            made.append((engine, None))
            return engine
        dbname = f"edukpi_t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{dbname}"'))
        admin.dispose()
        engine = make_engine(make_url(PG_URL).set(database=dbname).render_as_string(hide_password=False))
        made.append((engine, dbname))
        return engine

    yield factory
    for engine, dbname in made:
        engine.dispose()
        if dbname:
            admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture
def empty_engine(new_engine):
    """A fresh, empty database of its own."""
    return new_engine("empty")


@pytest.fixture(scope="session")
def tmp_root() -> Path:
    return _TMP
