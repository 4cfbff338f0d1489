"""Province-sized data on SQLite and PostgreSQL:
    python -m bench.scale --db sqlite --db postgresql --schools 10000 --months 60

For each database: a fresh, empty database (a temporary SQLite file, or a new PostgreSQL database
on EDUKPI_BENCH_PG_URL's server, default the test server on loopback) gets the catalog, then
`python -m kpis demo --schools N --months M` runs as a child process (wall time and its peak memory,
as the operator would see them). Then, in this process, the dashboards' work for the newest period
at bureau scope: load the inputs (figures.load_inputs) and compute every KPI (compute.compute_all),
median of --repeat runs, and the resident memory of this process after both — what one app process
holds with that data cached. Reference, measured in the same run on the same database: reading
the newest period's school_values rows with one plain SELECT (the least a dashboard has to read).
Budgets (issue 4): compute ≤ 1 s at 10,000 schools."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
PLAN = "2025-taizhou"
PG_DEFAULT = "postgresql+psycopg://edukpi_test:edukpi_test@127.0.0.1:5432/edukpi_test"
COMPUTE_BUDGET_MS = 1000.0


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _fresh_url(kind: str, tmp: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'scale.db'}", None
    server = os.environ.get("EDUKPI_BENCH_PG_URL", PG_DEFAULT)
    name = f"edukpi_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False), name


def _drop(name: str) -> None:
    admin = create_engine(os.environ.get("EDUKPI_BENCH_PG_URL", PG_DEFAULT), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def generate(url: str, schools: int, months: int) -> tuple[float, float, str]:
    """Runs the CLI as the operator would; returns wall seconds, child peak RSS (MB) and its output."""
    env = dict(os.environ, EDUKPI_DATABASE_URL=url)
    env.pop("EDUKPI_DEMO", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "kpis", "demo", "--plan", PLAN, "--schools", str(schools),
                          "--months", str(months)], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, peak, out.stdout.strip()


def measure(url: str, months: int, repeat: int) -> dict:
    from auth.principal import SYSTEM
    from db.models import SchoolValues
    from db.session import make_engine, read_session
    from kpis import compute, figures
    from kpis.periods import shift
    from sqlalchemy import func, select

    engine = make_engine(url)
    with read_session(engine) as s:
        plan_year = figures._plan(s, PLAN).year
        period = shift(f"{plan_year - 1}-12", months)
        rows = s.scalar(select(func.count()).select_from(SchoolValues))
        scope = figures.resolve_scope(s, SYSTEM, PLAN)
        defs = figures.kpi_defs(s, PLAN, period)
        needed = figures.periods_needed(defs, period)
        holder = {}

        def load():
            holder["inp"] = figures.load_inputs(s, scope, defs, needed)

        def reference():
            s.execute(select(SchoolValues.org_unit_id, SchoolValues.values_json)
                      .where(SchoolValues.period == period)).all()

        load_ms = _median_ms(load, repeat)
        ref_ms = _median_ms(reference, repeat)
    inp = holder["inp"]

    def compute_all():
        return compute.compute_all(defs, compute.Inputs.from_wide(inp.schools, inp._wide, inp.bureau), period)

    kpis = len(compute_all())
    compute_ms = _median_ms(compute_all, repeat)
    engine.dispose()
    return {"period": period, "rows": rows, "loaded": int(sum(w.count().sum() for w in inp._wide.values())), "kpis": kpis, "load_ms": load_ms,
            "compute_ms": compute_ms, "reference_ms": ref_ms, "rss_mb": _rss_mb()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.scale", description="省级规模数据：生成、载入与计算（SQLite 与 PostgreSQL）")
    p.add_argument("--db", action="append", choices=["sqlite", "postgresql"], help="数据库（可重复，默认两者）")
    p.add_argument("--schools", type=int, default=10000)
    p.add_argument("--months", type=int, default=60)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    ok = True
    print("数据库\t学校数\t月数\t数据行\t生成(s)\t生成峰值内存(MB)\t载入(ms)\t参照查询(ms)\t载入/参照\t计算(ms)\t进程内存(MB)")
    for kind in args.db or ["sqlite", "postgresql"]:
        with tempfile.TemporaryDirectory(prefix="edukpi-scale-") as tmp:
            url, pg_name = _fresh_url(kind, Path(tmp))
            try:
                wall, peak, out = generate(url, args.schools, args.months)
                print(f"# {out}", flush=True)
                r = measure(url, args.months, args.repeat)
            finally:
                if pg_name:
                    _drop(pg_name)
        within = r["compute_ms"] <= COMPUTE_BUDGET_MS
        ok &= within
        print(f"{kind}\t{args.schools}\t{args.months}\t{r['rows']}\t{wall:.1f}\t{peak:.0f}\t{r['load_ms']:.0f}\t"
              f"{r['reference_ms']:.0f}\t{r['load_ms'] / r['reference_ms']:.1f}×\t{r['compute_ms']:.1f}\t"
              f"{r['rss_mb']:.0f}{'' if within else '  超出预算'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
