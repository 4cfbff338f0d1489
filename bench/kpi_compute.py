"""All KPIs of one plan-period at scale: python -m bench.kpi_compute [--schools 1500 10000] [--months 36]

For each size, a fresh SQLite database gets the catalog and `python -m kpis demo`-style scale data for
2025-taizhou; the inputs of the newest period are loaded once and compute_all (every KPI, with last
month's change and the relative baseline) is timed. The reference, measured in the same run, is a
plain pandas groupby-sum of the same value table — the least any roll-up has to do.
Budgets: 200 ms at 1,500 schools, 1 s at 10,000."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from auth.principal import SYSTEM
from db.session import make_engine, read_session, write_session
from kpis import compute, figures
from seed import bootstrap
from kpis.periods import shift
from seed import demo

BUDGET_MS = {1500: 200.0, 10000: 1000.0}
PLAN = "2025-taizhou"


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run_size(schools: int, months: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="edukpi-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        bootstrap.initialise(engine, with_demo=False)
        t = time.perf_counter()
        with write_session(engine) as s:
            summary = demo.generate(s, PLAN, schools_total=schools, months=months)
        gen_s = time.perf_counter() - t
        with read_session(engine) as s:
            plan_year = figures._plan(s, PLAN).year
            period = shift(f"{plan_year - 1}-12", months)
            scope = figures.resolve_scope(s, SYSTEM, PLAN)
            defs = figures.kpi_defs(s, PLAN, period)
            t = time.perf_counter()
            inp = figures.load_inputs(s, scope, defs, figures.periods_needed(defs, period))
            load_ms = (time.perf_counter() - t) * 1000
        engine.dispose()

    def compute_all():
        fresh = compute.Inputs.from_wide(inp.schools, inp._wide, inp.bureau)  # the loaded tables, no per-period arrays carried over
        return compute.compute_all(defs, fresh, period)

    long = compute.long_values(inp._wide)

    def reference():
        return long.groupby(["period", "element"])["value"].sum()

    results = compute_all()
    compute_ms = _median_ms(compute_all, repeat)
    ref_ms = _median_ms(reference, repeat)
    return {"schools": summary.schools, "values": len(long), "kpis": len(results), "period": period,
            "generate_s": gen_s, "load_ms": load_ms, "compute_ms": compute_ms, "reference_ms": ref_ms}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.kpi_compute", description="全部指标计算耗时基准")
    p.add_argument("--schools", type=int, nargs="+", default=[1500, 10000])
    p.add_argument("--months", type=int, default=36)
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args(argv)
    ok = True
    print("学校数\t数据行\t指标数\t生成(s)\t载入(ms)\t计算(ms)\t参照(ms)\t计算/参照\t预算(ms)")
    for n in args.schools:
        r = run_size(n, args.months, args.repeat)
        budget = BUDGET_MS.get(n)
        within = budget is None or r["compute_ms"] <= budget
        ok &= within
        print(f"{r['schools']}\t{r['values']}\t{r['kpis']}\t{r['generate_s']:.1f}\t{r['load_ms']:.0f}\t"
              f"{r['compute_ms']:.1f}\t{r['reference_ms']:.2f}\t{r['compute_ms'] / r['reference_ms']:.1f}×\t"
              f"{budget if budget else '—'}{'' if within else '  超出预算'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
