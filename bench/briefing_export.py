"""Benchmark: a 20-KPI monthly briefing (2025-taizhou, October) exported to PNG, PDF and PPTX.

    python -m bench.briefing_export [--repeat 3]

Uses EDUKPI_DATABASE_URL when set, otherwise builds a demo database in a temporary folder first.
Per format, median of --repeat runs:
  * end to end, cold: build the snapshot, start a fresh Chromium service, render and self-check
    (glyphs, layout fit, image/PDF checks) — what one `python -m kpis briefing` costs beyond start-up;
  * render, cold: the same without the snapshot (includes the one Chromium launch);
  * render, warm: the long-lived browser already up (every export in the app after the first).
Reference, measured in the same run: Playwright starting one bare headless Chromium, screenshotting
an almost empty page and closing it — the least any cold PNG/PDF export can cost. Every figure is
also given as a ratio to it. Budget: end to end at most 10 s per format."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 10.0
PLAN, PERIOD = "2025-taizhou", "2025-10"


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bare_chromium() -> None:
    """The reference: start Playwright and one headless Chromium, screenshot a blank page, close."""
    from playwright.sync_api import sync_playwright

    from briefing.browser import LAUNCH_ARGS, chromium_path

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.set_content("<!DOCTYPE html><html><body><p>基准</p></body></html>")
        page.screenshot(type="png")
        browser.close()


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
    from briefing.browser import Chromium
    from briefing.snapshot import build_snapshot
    from db.session import read_session

    def snapshot() -> dict:
        with read_session() as s:
            return build_snapshot(s, SYSTEM, PLAN, PERIOD)

    snap = snapshot()
    assert len(snap["kpis"]) == 20, len(snap["kpis"])
    load_before = os.getloadavg()[0]

    def cold(fmt: str, with_snapshot: bool):
        def run() -> None:
            s = snapshot() if with_snapshot else snap
            service = Chromium()
            try:
                export.render(s, fmt, chromium=service)
            finally:
                service.close()
        return run

    warm_service = Chromium()
    reference = _median(bare_chromium, args.repeat)
    snapshot_s = _median(snapshot, args.repeat)
    rows = {}
    for fmt in export.FORMATS:
        end_to_end = _median(cold(fmt, True), args.repeat)
        render_cold = _median(cold(fmt, False), args.repeat)
        export.render(snap, fmt, chromium=warm_service)  # bring the long-lived browser up
        render_warm = _median(lambda f=fmt: export.render(snap, f, chromium=warm_service), args.repeat)
        rows[fmt] = (end_to_end, render_cold, render_warm)
    launches = warm_service.launches
    warm_service.close()
    load_after = os.getloadavg()[0]

    print(f"负载（1 分钟平均）：开始 {load_before:.2f}，结束 {load_after:.2f}；中位数取 {args.repeat} 次")
    print(f"参照：Playwright 启动裸 Chromium、截图空白页并关闭 {reference:.2f} s")
    print(f"快照（20 项指标，含 1–10 月趋势）：{snapshot_s:.2f} s（参照的 {snapshot_s / reference:.2f} 倍）")
    print(f"常驻浏览器在 {2 * (args.repeat + 1)} 次 PNG/PDF 导出中启动 {launches} 次")
    ok = True
    for fmt, (e2e, rcold, rwarm) in rows.items():
        within = e2e <= BUDGET_S
        ok &= within
        print(f"{fmt.upper():5s} 端到端 {e2e:5.2f} s（{e2e / reference:4.2f}×）　仅渲染：冷启动 {rcold:5.2f} s"
              f"（{rcold / reference:4.2f}×）、浏览器常驻 {rwarm:5.2f} s（{rwarm / reference:4.2f}×）　"
              f"{'达标' if within else '超出'}（预算 {BUDGET_S:g} s）")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
