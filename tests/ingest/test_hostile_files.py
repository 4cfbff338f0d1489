"""The curated subset of Apache POI's test spreadsheets (hostile_files/, one or more of every kind
of refusal the whole corpus showed: docs/benchmarks.md) through a school's upload preview and
commit, in a worker process with memory and time limits (bench.hostile_files, the same worker the
whole-corpus benchmark uses): every file refused in Chinese, nothing but its rejected submission
written, no crash, no hang, the database intact afterwards."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.hostile_files import integrity_ok, problems, run
from tests.ingest.helpers import SCHOOL

HERE = Path(__file__).parent / "hostile_files"
FILES = sorted(p for p in HERE.iterdir() if p.name not in ("LICENSE", "NOTICE"))


@pytest.fixture(scope="module")
def results(demo_db) -> dict[str, dict]:
    return {Path(r["file"]).name: r for r in run(FILES, school=SCHOOL, seconds=120)}


def test_the_subset_is_small_and_licensed():
    assert (HERE / "LICENSE").read_text().startswith("\n                                 Apache License")
    assert sum(p.stat().st_size for p in HERE.iterdir()) < 10 * 1024 * 1024


@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_each_file_is_refused_in_chinese_and_writes_nothing(results, name):
    r = results[name]
    assert problems(r) == [], r
    assert r["status"] == "rejected" and r["preview"] == "invalid" and r["unchanged"] and r["submission"]


def test_the_database_is_intact_after_the_run(results):
    assert integrity_ok(os.environ["EDUKPI_DATABASE_URL"])
