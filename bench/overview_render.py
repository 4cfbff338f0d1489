"""总览 fully rendered in headless Chromium against a blank Streamlit page, measured in the same run.

    python -m bench.overview_render [--repeat 7] [--user demo_leader]

Two servers start on free ports against the same database (the demo one, or EDUKPI_DATABASE_URL):
app.py and bench/blank_app.py. The 总览 is only shown to a signed-in user, so the benchmark signs
--user in once on the server side (auth.sessions.sign_in, as the 登录 page does) and every browser
context of BOTH pages starts with that sign-in cookie, as a returning user's browser would: both
pages are reached the same way, by a fresh page load of their address. Each is warmed once; then
each load is timed from navigation until the page has stopped running and shows everything it
should (for 总览: every KPI card, --card-selector). The figure is the ratio of the medians; the
budget at demo size is 1.2× (issue 18)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

BUDGET = 1.2  # issue 18: 总览 at demo size
CARD_SELECTOR = "[data-testid='stMain'] a.ek-card"  # one per KPI (pages/kpi_widgets.py kpi_card)
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


def _session_cookie(username: str, password: str, url: str) -> list[dict]:
    """Sign `username` in on the server (as the 登录 page does) and return the browser cookie."""
    from auth import sessions
    from db.session import write_session
    from seed import bootstrap

    bootstrap.initialise(with_demo=bootstrap.demo_mode_default())  # what the app does first; idempotent

    with write_session() as s:
        outcome = sessions.sign_in(s, username, password, client="bench")
    if outcome.signed_in is None:
        raise RuntimeError(f"基准测试无法以 {username} 登录：{outcome.error}")
    return [{"name": sessions.COOKIE_NAME, "value": outcome.signed_in.token, "url": url}]


def _load(browser, url: str, ready: str, cookies: list[dict] | None = None, viewport=(1920, 1080)) -> float:
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
    if cookies:
        ctx.add_cookies(cookies)
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
    p.add_argument("--card-selector", default=CARD_SELECTOR, help="总览中一张指标卡片的 CSS 选择器")
    p.add_argument("--user", default="demo_leader", help="以此用户登录（两页都带同一个登录 Cookie）")
    p.add_argument("--password", default="Demo-EduKPI-2468")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("EDUKPI_DEMO", "1")
    app, app_url, _ = _start("app.py")
    blank, blank_url, _ = _start("bench/blank_app.py")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            overview = f"{app_url}/overview?plan={args.plan}&period={args.period}"
            cards = (f"() => document.querySelectorAll({json.dumps(args.card_selector)}).length >= "
                     f"{args.cards} && ({DONE})()")
            ready_blank = f"() => !!document.querySelector('h1') && ({DONE})()"
            # One cookie for both servers (cookies ignore the port): the blank page ignores it.
            cookies = _session_cookie(args.user, args.password, app_url)
            _load(browser, overview, cards, cookies)  # warm: database preparation, imports, caches
            _load(browser, blank_url, ready_blank, cookies)
            o, b = [], []
            for _ in range(args.repeat):  # interleaved, so load on the machine hits both alike
                b.append(_load(browser, blank_url, ready_blank, cookies))
                o.append(_load(browser, overview, cards, cookies))
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
