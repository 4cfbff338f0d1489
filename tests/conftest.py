"""Shared fixtures. The whole run uses one demo database, built once, in a temporary folder.

EDUKPI_DATABASE_URL is set before any test imports the engine, so the app, the CLI and the
service layer all see the same database the tests check."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="edukpi-tests-"))


def pytest_configure(config: pytest.Config) -> None:
    os.environ["EDUKPI_DATABASE_URL"] = os.environ.get("EDUKPI_TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'demo.db'}"
    os.environ["EDUKPI_DEMO"] = "1"


@pytest.fixture(scope="session")
def demo_db() -> str:
    """The shared database, migrated, with the catalog and demo data. Returns its URL."""
    from kpis.setup import initialise

    initialise(with_demo=True)
    return os.environ["EDUKPI_DATABASE_URL"]


@pytest.fixture
def empty_engine(tmp_path: Path):
    """A fresh, empty SQLite database of its own."""
    from db.session import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def tmp_root() -> Path:
    return _TMP
