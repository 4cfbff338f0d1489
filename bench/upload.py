"""Benchmark: a district workbook of 10,000 school rows × 20 elements, parsed, validated and
committed, against python-calamine alone reading the same file (measured in the same run, wall and
CPU time; the pipeline's CPU time includes its parse processes), next to what SQLite alone needs to store the same values (one row per school); and a single-school file end to
end. Peak memory is measured in a separate, traced run.

    python -m bench.upload [--schools 10000]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def _setup(url: str, n_schools: int) -> list[str]:
    os.environ["EDUKPI_DATABASE_URL"] = url
    from db.models import DataElement, Kpi, KpiVersion, OrgUnit, Plan
    from db.session import write_session
    from seed.bootstrap import initialise

    initialise()
    with write_session() as s:
        bureau = OrgUnit(code="990000", name="基准测试教育局", level="bureau")
        s.add(bureau)
        s.flush()
        districts = []
        for i in range(10):
            d = OrgUnit(code=f"990000{i:03d}", name=f"基准片区{i}", level="district", parent_id=bureau.id, bureau_id=bureau.id)
            s.add(d)
            districts.append(d)
        s.flush()
        codes = [f"21999{n:05d}" for n in range(n_schools)]
        s.add_all(OrgUnit(code=c, name=f"基准小学{n}", level="school", parent_id=districts[n % 10].id, bureau_id=bureau.id,
                          school_type="21", ownership="公办") for n, c in enumerate(codes))
        have = [e.code for e in s.query(DataElement).order_by(DataElement.id) if "21" in (e.school_types or [])]
        extra = [f"bench_{i:02d}" for i in range(20 - len(have))]
        s.add_all(DataElement(code=c, name=f"基准项目{c[-2:]}", unit="个", type="int", min_value=0, max_value=100000,
                              school_types=["21"]) for c in extra)
        plan = Plan(plan_key="bench", bureau_id=bureau.id, year=2026, title="基准")
        s.add(plan)
        s.flush()
        kpi = Kpi(plan_id=plan.id, code="BENCH-01")
        s.add(kpi)
        s.flush()
        s.add(KpiVersion(kpi_id=kpi.id, valid_from="2026-01", name="基准", category="项目", source="基准", unit="个",
                         comparator=">=", target=1, kind="sum", data_path="school", frequency="monthly", pace="level",
                         formula={"terms": [{"element": c} for c in have + extra]}))
    return codes


def _workbook(codes: list[str], period: str) -> bytes:
    """What a district officer uploads: the template's layout, filled (reference columns left out)."""
    from openpyxl import Workbook

    from db.session import read_session
    from kpis.catalog.elements import bureau_elements

    with read_session() as s:
        from db.models import OrgUnit
        bureau = s.query(OrgUnit).filter_by(code="990000").one()
        els = [e for e in bureau_elements(s, bureau.id) if "21" in e.school_types]
    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(["基准片区 数据填报表"])
    ws.append(["学校标识码", "学校名称", "期间"] + [f"{e.name}（{e.unit}）" if e.unit else e.name for e in els])
    for n, code in enumerate(codes):
        row = [code, f"基准小学{n}", period]
        for e in els:
            if e.type == "bool":
                row.append(rng.choice(["是", "否"]))
            elif e.type == "float":
                row.append(round(rng.uniform(0, min(e.max_value or 5, 5)), 1))
            else:
                row.append(rng.randint(0, int(min(e.max_value or 1000, 1000))))
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _calamine(content: bytes) -> tuple[float, float]:
    """(wall, CPU) seconds for python-calamine alone to read the sheet."""
    from python_calamine import CalamineWorkbook

    t, c = time.perf_counter(), time.process_time()
    wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
    wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)
    return time.perf_counter() - t, time.process_time() - c


def _cpu() -> float:
    """CPU seconds of this process and of its child processes, the parse workers of ingest.sandbox
    included: those that ended (RUSAGE_CHILDREN) and those still running (/proc/PID/stat)."""
    total = time.process_time()
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    total += ended.ru_utime + ended.ru_stime
    me, tick = str(os.getpid()), os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_bytes().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me.encode():
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _pipeline(content: bytes, period: str) -> tuple[float, object, float]:
    from auth.principal import SYSTEM
    from ingest.upload import upload

    c = _cpu()  # read before the clock starts and after it stops: the /proc walk is not timed
    t = time.perf_counter()
    r = upload(SYSTEM, "片区.xlsx", content, period=period, commit=True)
    wall = time.perf_counter() - t
    return wall, r, _cpu() - c


def _db_floor(tmp: Path, n_schools: int, n_elements: int = 20) -> float:
    """What SQLite alone needs to store the same 200,000 values as EduKPI stores them: one
    executemany of 10,000 (period, school, JSON of 20 values) rows into a fresh school_values table
    (same key, WITHOUT ROWID, no foreign keys), one transaction, encoding (db.models.encode_values) included."""
    import sqlite3

    from db.models import encode_values

    con = sqlite3.connect(tmp / "floor.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE school_values (period VARCHAR(7) NOT NULL, org_unit_id INTEGER NOT NULL,"
                " values_json TEXT NOT NULL, submission_id INTEGER,"
                " PRIMARY KEY (period, org_unit_id)) WITHOUT ROWID")
    best = float("inf")
    for m in range(1, 4):
        values = [{e: float(o % 97 + e) for e in range(n_elements)} for o in range(n_schools)]
        t = time.perf_counter()
        rows = [(f"2030-{m:02d}", o, encode_values(values[o]), o) for o in range(n_schools)]
        con.execute("BEGIN IMMEDIATE")
        con.executemany("INSERT INTO school_values (period, org_unit_id, values_json, submission_id)"
                        " VALUES (?, ?, ?, ?)", rows)
        con.execute("COMMIT")
        best = min(best, time.perf_counter() - t)
    con.close()
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="上传流水线基准测试")
    ap.add_argument("--schools", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="edukpi-bench-"))
    codes = _setup(f"sqlite:///{tmp / 'bench.db'}", args.schools)
    periods = [f"2026-{m:02d}" for m in range(1, 13)]
    files = {p: _workbook(codes, p) for p in periods[: args.repeat + 1]}
    size = len(files[periods[0]])
    cal_both = [min((_calamine(files[p]) for _ in range(3)), key=lambda x: x[0]) for p in periods[: args.repeat]]
    cal = [w for w, _c in cal_both]
    runs, cpus = [], []
    for p in periods[: args.repeat]:
        secs, r, cpu = _pipeline(files[p], p)
        assert r.status == "accepted", [e.message for e in r.errors][:3]
        runs.append(secs)
        cpus.append(cpu)
    floor = _db_floor(tmp, args.schools)
    from auth.principal import SYSTEM
    from ingest.upload import upload as _upload
    checks = []
    for p in periods[: args.repeat]:
        t = time.perf_counter()
        r = _upload(SYSTEM, "片区.xlsx", files[p], period=p, commit=False, detail=False)
        checks.append(time.perf_counter() - t)
    cal_ref, pipe = statistics.median(cal), statistics.median(runs)
    check_only = statistics.median(checks)
    # Peak memory: a separate traced run (tracing slows Python down, so it is not timed).
    p = periods[args.repeat]
    tracemalloc.start()
    _pipeline(files[p], p)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # A single school end to end: template, fill, parse, validate, commit.
    from auth.principal import SYSTEM
    from ingest.template import build_template
    from ingest.upload import upload
    import openpyxl
    one, one_upload, one_cpu = [], [], []
    for i, p in enumerate(periods[6:9]):
        t = time.perf_counter()
        wb = openpyxl.load_workbook(io.BytesIO(build_template(SYSTEM, codes[i], p)))
        ws = wb["数据"]
        for c in range(4, ws.max_column + 1):
            if not ws.cell(3, c).protection.locked:
                ws.cell(3, c).value = "是" if str(ws.cell(2, c).value).startswith("是否") else 1
        buf = io.BytesIO()
        wb.save(buf)
        c_up = _cpu()
        t_up = time.perf_counter()
        r = upload(SYSTEM, "一校.xlsx", buf.getvalue(), period=p, org_code=codes[i], commit=True)
        assert r.status == "accepted", [e.message for e in r.errors][:3]
        one.append(time.perf_counter() - t)
        one_upload.append(time.perf_counter() - t_up)
        one_cpu.append(_cpu() - c_up)
    n_values = args.schools * 20
    print(f"文件：{args.schools} 行 × 20 项（{n_values} 个数值），{size / 1024 / 1024:.1f} MB")
    print(f"python-calamine 仅读取：{cal_ref:.3f} 秒（中位数）")
    print(f"解析 + 校验 + 提交：{pipe:.3f} 秒（中位数，{args.repeat} 次：{'、'.join(f'{x:.2f}' for x in runs)}）")
    print(f"比值：{pipe / cal_ref:.1f} 倍（目标 ≤ 3 倍）")
    cal_cpu = statistics.median(c for _w, c in cal_both)
    print(f"按 CPU 时间（流水线含解析子进程）：calamine {cal_cpu:.3f} 秒，流水线 {statistics.median(cpus):.3f} 秒，"
          f"比值 {statistics.median(cpus) / cal_cpu:.1f} 倍")
    print(f"SQLite 单独写入同样 {n_values} 个数值（{args.schools} 行 JSON，裸 executemany，同一主键、无外键，最好 3 次）：{floor:.3f} 秒，"
          f"为 calamine 的 {floor / cal_ref:.1f} 倍")
    print(f"其中仅解析 + 校验（不写库）：{check_only:.3f} 秒，为 calamine 的 {check_only / cal_ref:.1f} 倍")
    print(f"峰值内存：Python 分配 {peak / 1024 / 1024:.0f} MB（tracemalloc），进程常驻峰值 "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"单校文件端到端（生成模板、填写、上传、提交）：{statistics.median(one) * 1000:.0f} 毫秒（中位数），"
          f"其中上传 + 校验 + 提交 {statistics.median(one_upload) * 1000:.0f} 毫秒"
          f"（CPU 时间，含解析子进程：{statistics.median(one_cpu) * 1000:.0f} 毫秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
