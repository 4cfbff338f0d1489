"""Benchmark: a corpus of spreadsheets nobody here wrote (Apache POI's test-data/spreadsheet, the
python-calamine and calamine test files) through a school's upload preview and commit.

    python -m bench.hostile_files CORPUS_DIR... [--json OUT.json]

Builds a temporary demo database (or uses EDUKPI_DATABASE_URL with --existing), then feeds every
file to `ingest.upload.upload` as 太平第一小学's 填报员: a preview, then a commit. The files go one at a
time to a worker process with a memory limit (RLIMIT_AS) and a time limit per file; a worker that
dies or does not answer in time is killed, the file counted as a crash or a hang, and a new worker
takes the next file. Checked for every file: no exception escaped, a Chinese message for every
refusal, and for a refused file nothing written but its rejected submission (the school's values
and the accepted submissions unchanged). After the run: `PRAGMA integrity_check` (SQLite).

tests/ingest/test_hostile_files.py runs the same worker over the curated subset in
tests/ingest/hostile_files/."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import select
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHOOL = "2110810001"  # 太平第一小学 in the demo data (2025-taizhou)
PERIOD = "2026-01"
WORKER_MEMORY = 3 * 1024 ** 3  # the worker's own limit; each parse child has ingest.sandbox's
FILE_SECONDS = 120.0  # preview + commit of one file
_CJK = re.compile(r"[\u4e00-\u9fff]")


# ---- the worker: one file per line on stdin, one JSON answer per line on stdout -------------------

def _worker(school: str, period: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    from sqlalchemy import func, select

    from auth.principal import Principal
    from db.models import OrgUnit, SchoolValues, Submission
    from db.session import read_session
    from ingest.upload import upload

    with read_session() as s:
        org = s.scalar(select(OrgUnit).where(OrgUnit.code == school))
        who = Principal(user_id=None, username="hostile-files", role="school", bureau_id=org.bureau_id,
                        scope_org_id=org.id, display_name="兼容性测试")

    def written() -> tuple:
        with read_session() as s:
            sv = SchoolValues.__table__.c
            mine = s.execute(select(sv.values_json, sv.submission_id)
                             .where(sv.org_unit_id == org.id, sv.period == period)).all()
            return (s.scalar(select(func.count()).select_from(SchoolValues)), tuple(map(tuple, mine)),
                    s.scalar(select(func.count()).select_from(Submission).where(Submission.status != "rejected")))

    for line in sys.stdin:
        path = Path(line.rstrip("\n"))
        out: dict = {"file": str(path)}
        started = time.perf_counter()
        try:
            content = path.read_bytes()
            preview = upload(who, path.name, content, period=period, org_code=school)
            before = written()
            commit = upload(who, path.name, content, period=period, org_code=school, commit=True)
            after = written()
            messages = [e.message for e in commit.errors]
            out.update(preview=preview.status, status=commit.status, messages=messages,
                       preview_messages=[e.message for e in preview.errors],
                       unchanged=before == after, submission=commit.submission_id)
        except BaseException as exc:  # noqa: BLE001 - what escaped is the finding
            out.update(status="exception", messages=[f"{type(exc).__name__}: {exc}"[:300]])
        out["seconds"] = round(time.perf_counter() - started, 3)
        out["children_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


# ---- the driver ------------------------------------------------------------------------------------

def _start(school: str, period: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bench.hostile_files", "--worker", "--school", school,
                             "--period", period], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, 9)
    except ProcessLookupError:
        pass
    proc.wait()


def run(files: list[Path], *, school: str = SCHOOL, period: str = PERIOD,
        seconds: float = FILE_SECONDS) -> list[dict]:
    """Every file through the worker (EDUKPI_DATABASE_URL names the database); one result each."""
    results = []
    proc = None
    for f in files:
        if proc is None:
            proc = _start(school, period)
        proc.stdin.write(str(f) + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], seconds)
        line = proc.stdout.readline() if ready else ""
        if line:
            results.append(json.loads(line))
            continue
        _stop(proc)
        results.append({"file": str(f), "status": "hang" if not ready else "crash",
                        "messages": [f"worker exit {proc.returncode}"]})
        proc = None
    if proc is not None:
        proc.stdin.close()
        proc.wait(timeout=seconds)
    return results


def problems(r: dict) -> list[str]:
    """What is wrong with one file's outcome (empty: it met every rule)."""
    out = []
    if r["status"] in ("exception", "crash", "hang"):
        return [f"{r['status']}: {r['messages']}"]
    if r["status"] != "accepted":
        if not r["messages"] or not all(_CJK.search(m) for m in r["messages"] + r.get("preview_messages", [])):
            out.append(f"refused without a Chinese message: {r['messages']}")
        if not r.get("unchanged"):
            out.append("a refused file changed the stored values or submissions")
        if r["status"] != "rejected" or r.get("preview") != "invalid":
            out.append(f"preview {r.get('preview')}, commit {r['status']}")
    return out


def integrity_ok(url: str) -> bool:
    if not url.startswith("sqlite"):
        return True
    import sqlite3
    with sqlite3.connect(url.split("///", 1)[1]) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def corpus(dirs: list[str]) -> list[Path]:
    return sorted(p for d in dirs for p in Path(d).rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="corpus folders")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--school", default=SCHOOL)
    ap.add_argument("--period", default=PERIOD)
    ap.add_argument("--existing", action="store_true", help="use EDUKPI_DATABASE_URL as it is")
    ap.add_argument("--json", help="write every file's result here")
    args = ap.parse_args()
    if args.worker:
        return _worker(args.school, args.period)
    files = corpus(args.paths)
    if not args.existing:
        os.environ["EDUKPI_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='hostile-')}/bench.db"
        os.environ["EDUKPI_DEMO"] = "1"
        from kpis.setup import initialise
        initialise(with_demo=True)
    url = os.environ["EDUKPI_DATABASE_URL"]
    db_file = Path(url.split("///", 1)[1]) if url.startswith("sqlite") else None
    size_before = db_file.stat().st_size if db_file else 0
    started = time.perf_counter()
    results = run(files, school=args.school, period=args.period)
    wall = time.perf_counter() - started
    bad = {r["file"]: problems(r) for r in results if problems(r)}
    statuses = Counter(r["status"] for r in results)
    first = Counter(re.sub(r"“[^”]*”", "“…”", r["messages"][0]) if r["messages"] else "(none)"
                    for r in results if r["status"] != "accepted")
    slow = sorted(results, key=lambda r: -r.get("seconds", 0))[:5]
    print(f"{len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, {wall:.0f} s")
    print("outcomes:", dict(statuses))
    print(f"rule breaches: {len(bad)}")
    for f, why in bad.items():
        print(f"  {Path(f).name}: {'; '.join(why)}")
    print("refusals by first message:")
    for msg, n in first.most_common():
        print(f"  {n:4d}  {msg[:110]}")
    print("slowest:", ", ".join(f"{Path(r['file']).name} {r.get('seconds')} s" for r in slow))
    print(f"largest parse child: {max(r.get('children_rss_mb', 0) for r in results)} MB RSS")
    if db_file:
        print(f"database: {size_before / 1e6:.1f} MB → {db_file.stat().st_size / 1e6:.1f} MB")
    print("PRAGMA integrity_check:", "ok" if integrity_ok(url) else "FAILED")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
