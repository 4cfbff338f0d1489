"""Benchmark: a 20-KPI monthly briefing (2025-taizhou, October) exported to PNG, PDF and PPTX.

    python -m bench.briefing_export [--repeat 3]

Uses EDUKPI_DATABASE_URL when set, otherwise builds a demo database in a temporary folder first.
The reference, measured in the same run, is one bare headless-Chromium launch screenshotting an
almost empty page: PNG and PDF each cost one launch (charts are inline SVG, so no browser is
started per chart), so their ratio to the reference shows what the briefing itself adds.
Budget: each format at most 10 s."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 10.0


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="月度简报导出基准")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not os.environ.get("EDUKPI_DATABASE_URL"):
        tmp = Path(tempfile.mkdtemp(prefix="edukpi-bench-"))
        os.environ["EDUKPI_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.db'}"
        from kpis.setup import initialise

        print("正在创建演示数据库…", file=sys.stderr)
        initialise(with_demo=True)

    from auth.principal import SYSTEM
    from briefing import export
    from db.session import read_session
    from briefing.snapshot import build_snapshot

    t = time.perf_counter()
    with read_session() as s:
        snap = build_snapshot(s, SYSTEM, "2025-taizhou", "2025-10")
    snapshot_s = time.perf_counter() - t
    assert len(snap["kpis"]) == 20, len(snap["kpis"])

    blank = "<!DOCTYPE html><html><body><p>基准</p></body></html>"
    def bare_launch() -> None:
        shutil.rmtree(export._chromium(blank, ["--window-size=1920,1080", "--screenshot=s.png"]), ignore_errors=True)

    reference = _median_time(bare_launch, args.repeat)
    results = {fmt: _median_time(lambda f=fmt: export.render(snap, f), args.repeat) for fmt in export.FORMATS}

    print(f"快照（20 项指标，含 1–10 月趋势）：{snapshot_s:.2f} s")
    print(f"参照：裸 Chromium 启动并截图一次 {reference:.2f} s")
    ok = True
    for fmt, secs in results.items():
        within = secs <= BUDGET_S
        ok &= within
        print(f"{fmt.upper():5s} {secs:6.2f} s　= 参照的 {secs / reference:4.2f} 倍　{'达标' if within else '超出'}（预算 {BUDGET_S:g} s）")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
