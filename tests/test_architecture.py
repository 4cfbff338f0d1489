"""The layout holds: the import contracts in .importlinter (layers, streamlit only in pages/, no SQL in
pages, no cycles) and modules of a readable size. Run with the rest of the suite, so CI fails when a
change breaks them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pages", "cli", "seed", "briefing", "ingest", "kpis", "auth", "db", "core")
MAX_LINES = 600  # "about 500": kpis/compute.py, the computation in one readable piece, is the largest


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_no_module_is_over_about_five_hundred_lines():
    too_long = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            n = len(path.read_text(encoding="utf-8").splitlines())
            if n > MAX_LINES:
                too_long[str(path.relative_to(ROOT))] = n
    assert not too_long, too_long
