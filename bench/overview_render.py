"""总览 fully rendered in headless Chromium against a blank Streamlit page, measured in the same run.

    python -m bench.overview_render [--repeat 7]

Two servers start on free ports against the same database (the demo one, or EDUKPI_DATABASE_URL):
app.py and bench/blank_app.py. Each is warmed once; then each load is timed from navigation until
the page has stopped running and shows everything it should (for 总览: every KPI card). The figure
is the ratio of the medians; the budget is 1.5×."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

BUDGET = 1.5
DONE = ("() => document.querySelector('[data-testid=\"stAppViewContainer\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')")


def _start(script: str):
    import subprocess

    if script == "app.py":
        return start_app()
    # start_app runs app.py; the blank page needs its own command line.
    import socket
    import urllib.request

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / script), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url, None
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("空白页服务未能启动")


def _load(browser, url: str, ready: str) -> float:
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = ctx.new_page()
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ready, timeout=120_000)
    elapsed = time.perf_counter() - t
    ctx.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.overview_render", description="总览页渲染耗时基准")
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--plan", default="2025-taizhou")
    p.add_argument("--period", default="2025-06")
    p.add_argument("--cards", type=int, default=20, help="总览应显示的指标卡片数")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("EDUKPI_DEMO", "1")
    app, app_url, _ = _start("app.py")
    blank, blank_url, _ = _start("bench/blank_app.py")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            overview = f"{app_url}/?plan={args.plan}&period={args.period}"
            cards = ("() => document.querySelectorAll(\"[data-testid='stMain'] [data-testid='stPageLink']\").length >= "
                     f"{args.cards} && ({DONE})()")
            ready_blank = f"() => !!document.querySelector('h1') && ({DONE})()"
            _load(browser, overview, cards)  # warm: database preparation, imports, caches
            _load(browser, blank_url, ready_blank)
            o, b = [], []
            for _ in range(args.repeat):  # interleaved, so load on the machine hits both alike
                b.append(_load(browser, blank_url, ready_blank))
                o.append(_load(browser, overview, cards))
            browser.close()
    finally:
        for proc in (app, blank):
            proc.terminate()
            proc.wait(timeout=10)
    mo, mb = statistics.median(o), statistics.median(b)
    ratio = mo / mb
    print(f"空白页 中位数 {mb * 1000:.0f} ms；总览（{args.cards} 张卡片）中位数 {mo * 1000:.0f} ms；"
          f"比值 {ratio:.2f}×（预算 {BUDGET}×）{'' if ratio <= BUDGET else '  超出预算'}")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
