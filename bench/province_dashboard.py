"""The dashboards at province size in a real browser, against a blank Streamlit page in the same run,
and the memory of the app server process:

    python -m bench.province_dashboard [--pg URL] [--sqlite PATH] [--generate] [--repeat 5]

Each database (default: the PostgreSQL database edukpi_province on the test server on loopback) must
hold a province: `python -m kpis demo --schools 10000 --months 60` (--generate runs it, through
bench.scale.generate, when the database has no schools yet; a missing PostgreSQL database is created).
A system-wide admin (bench_province) who sees the whole province is created when missing and signed
in through auth.sessions; its session cookie goes into every browser context, as on a refreshed page.

Per database: the real app server (`python app.py`, tests.browser.conftest.start_app with
EDUKPI_DATABASE_URL) and bench/blank_app.py start on free ports. In headless Chromium (1920×1080)
each page is timed from navigation until the script has finished and everything is drawn:
总览 (all KPI cards), 指标详情 of one school KPI (its charts), 填报进度 (its chart), 数据质量 (its counts). The first load of
each page after the server started is reported alone ("first": for 总览 it includes the database
check of a fresh server and the empty caches); then --repeat interleaved loads of the page and the
blank page give the warm medians and their ratio. Budgets (issue 18): every page warm ≤ 1.5× the blank page, the first 总览 ≤ 2×.
Memory: VmRSS of the server process (/proc/<pid>/status) after each page, and VmHWM (its peak)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import overview_render as ovr  # noqa: E402
from bench.scale import PG_DEFAULT, PLAN, generate  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD, start_app  # noqa: E402
from kpis.vocabulary import DataPath

USER = "bench_province"
PG_PROVINCE = PG_DEFAULT.rsplit("/", 1)[0] + "/edukpi_province"


def _drawn(selector: str, n: int = 1) -> str:
    """JS: at least n elements matching `selector` are drawn."""
    return f"document.querySelectorAll({selector!r}).length >= {n}"


def ready_checks(cards: int) -> dict[str, str]:
    done = f"({ovr.DONE})()"
    return {
        "blank": f"() => !!document.querySelector('h1') && {done}",
        "overview": f"() => document.querySelectorAll({ovr.CARD_SELECTOR!r}).length >= {cards} && {done}",
        # The trend (inline SVG), the district bars and ranking, and the school table (HTML, pages/html_parts.py).
        "detail": (f"() => {_drawn('img.ek-wide', 1)} && [...document.querySelectorAll('img.ek-wide')].every(i => i.complete)"
                   f" && {_drawn('.ek-bars .ek-track', 1)} && "
                   f"{_drawn('table.ek-table tbody tr', 2)} && {done}"),
        "progress": (f"() => {_drawn('.ek-bars .ek-track', 1)} && {_drawn('table.ek-table', 2)} && {done}"),
        "quality": f"() => {_drawn('.ek-metric', 4)} && {_drawn('table.ek-table tbody tr', 1)} && {done}",
    }


def vm_status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key = line.split(":", 1)[0]
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(line.split()[1]) / 1024
    return out


def _ensure_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}) is None:
            conn.execute(text(f'CREATE DATABASE "{u.database}"'))
    admin.dispose()


def prepare(url: str, schools: int, months: int, may_generate: bool) -> tuple[int, str, str]:
    """Make sure the database holds a province; returns (schools, the KPI for 指标详情, a session token)."""
    from sqlalchemy import func, select

    from auth import sessions
    from auth.principal import SYSTEM
    from auth.users import create_user
    from db.models import OrgUnit, User
    from db.session import make_engine, read_session, write_session
    from kpis import figures

    if url.startswith("postgresql"):
        _ensure_pg_database(url)
    engine = make_engine(url)
    count = 0
    try:
        with read_session(engine) as s:
            count = s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.level == "school")) or 0
    except Exception:  # noqa: BLE001 - an empty database has no tables yet
        count = 0
    if count == 0:
        if not may_generate:
            raise SystemExit(f"数据库中没有学校：请先运行 python -m kpis demo --schools {schools} --months {months}，"
                             "或加 --generate 由本基准生成。")
        wall, peak, out = generate(url, schools, months)
        print(f"# 生成用时 {wall:.0f} 秒，峰值内存 {peak:.0f} MB：{out}", flush=True)
        with read_session(engine) as s:
            count = s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.level == "school"))
    with write_session(engine) as s:
        if s.scalar(select(User.id).where(User.username == USER)) is None:
            create_user(s, SYSTEM, USER, DEMO_PASSWORD, "admin", None, None, "省级基准账号")
    with write_session(engine) as s:
        outcome = sessions.sign_in(s, USER, DEMO_PASSWORD, "bench")
    if outcome.signed_in is None:
        raise SystemExit(f"基准账号无法登录：{outcome.error}")
    with read_session(engine) as s:
        plan_year = figures._plan(s, PLAN).year
        defs = figures.kpi_defs(s, PLAN, f"{plan_year}-12")
    engine.dispose()
    kpi = next(d.code for d in defs if d.data_path == DataPath.SCHOOL and d.kind != "dispersion")
    return count, kpi, outcome.signed_in.token


def _load(browser, url: str, ready: str, app_url: str | None = None, token: str | None = None,
          shot: Path | None = None) -> float:
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    if token:
        ctx.add_cookies([{"name": "edukpi_session", "value": token, "url": app_url}])
    page = ctx.new_page()
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ready, timeout=300_000)
    elapsed = time.perf_counter() - t
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    if errors.count():
        text = errors.first.inner_text()
        ctx.close()
        raise RuntimeError(f"页面出错：{url}\n{text}")
    if shot is not None:
        page.screenshot(path=str(shot), full_page=True)
    ctx.close()
    return elapsed


def run(name: str, url: str, args) -> list[dict]:
    from playwright.sync_api import sync_playwright

    schools, kpi, token = prepare(url, args.schools, args.months, args.generate)
    checks = ready_checks(args.cards)
    env = {"EDUKPI_DATABASE_URL": url, "EDUKPI_DEMO": "0"}
    app, app_url, _log = start_app(env)
    old = os.environ.get("EDUKPI_DATABASE_URL")
    os.environ["EDUKPI_DATABASE_URL"] = url  # blank_app.py touches no database; keep it off the default file
    try:
        blank, blank_url, _ = ovr._start("bench/blank_app.py")
    finally:
        if old is None:
            os.environ.pop("EDUKPI_DATABASE_URL")
        else:
            os.environ["EDUKPI_DATABASE_URL"] = old
    q = f"plan={PLAN}&period={args.period}"
    pages = [("总览", "overview", f"{app_url}/overview?{q}"),
             (f"指标详情（{kpi}）", "detail", f"{app_url}/kpi_detail?{q}&kpi={kpi}"),
             ("填报进度", "progress", f"{app_url}/reporting_progress?{q}"),
             ("数据质量", "quality", f"{app_url}/data_quality?{q}")]
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rss_start = vm_status(app.pid)["VmRSS"]
            _load(browser, blank_url, checks["blank"])  # the blank server's own first load
            for label, key, page_url in pages:
                first = _load(browser, page_url, checks[key], app_url, token)
                rss_first = vm_status(app.pid)["VmRSS"]
                warm, blank_times = [], []
                for _ in range(args.repeat):  # interleaved, so load on the machine hits both alike
                    blank_times.append(_load(browser, blank_url, checks["blank"]))
                    warm.append(_load(browser, page_url, checks[key], app_url, token))
                if args.screenshots:
                    args.screenshots.mkdir(parents=True, exist_ok=True)
                    _load(browser, page_url, checks[key], app_url, token,
                          shot=args.screenshots / f"province-{name.lower()}-{key}.png")
                mw, mb = statistics.median(warm), statistics.median(blank_times)
                rows.append({"db": name, "schools": schools, "page": label, "first_ms": first * 1000,
                             "warm_ms": mw * 1000, "blank_ms": mb * 1000, "ratio": mw / mb, "first_ratio": first / mb,
                             "rss_first": rss_first, "rss_after": vm_status(app.pid)["VmRSS"], "key": key})
                print(_row(rows[-1]), flush=True)
            browser.close()
        status = vm_status(app.pid)
        rows.append({"db": name, "rss_start": rss_start, "rss_end": status["VmRSS"], "hwm": status["VmHWM"]})
        print(f"{name}\t服务进程内存：启动后 {rss_start:.0f} MB，结束时 {status['VmRSS']:.0f} MB，"
              f"峰值（VmHWM）{status['VmHWM']:.0f} MB", flush=True)
    finally:
        for proc in (app, blank):
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except Exception:  # noqa: BLE001 - a server that will not stop is killed
                proc.kill()
    return rows


# Issue 18: every dashboard warm ≤ 1.5× the blank page at province size; the first 总览 ≤ 2×.
# (Not overview_render.BUDGET: that is 总览's 1.2× at demo size.)
WARM_BUDGET = 1.5
FIRST_BUDGET = 2.0


def _row(r: dict) -> str:
    over = r["ratio"] > WARM_BUDGET or (r["key"] == "overview" and r["first_ratio"] > FIRST_BUDGET)
    return (f"{r['db']}\t{r['schools']}\t{r['page']}\t{r['first_ms']:.0f}\t{r['first_ratio']:.2f}×\t{r['warm_ms']:.0f}\t"
            f"{r['blank_ms']:.0f}\t{r['ratio']:.2f}×\t{r['rss_first']:.0f}\t{r['rss_after']:.0f}"
            + ("  超出预算" if over else ""))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.province_dashboard",
                                description="省级规模下的总览、指标详情、填报进度页面渲染耗时与服务进程内存")
    p.add_argument("--pg", action="append", help=f"PostgreSQL 数据库地址（可重复；默认 {PG_PROVINCE}）")
    p.add_argument("--sqlite", action="append", default=[], help="SQLite 数据库文件路径（可重复，用于对照）")
    p.add_argument("--no-pg", action="store_true", help="只测 SQLite")
    p.add_argument("--generate", action="store_true", help="数据库没有学校时先生成省级规模数据")
    p.add_argument("--schools", type=int, default=10000)
    p.add_argument("--months", type=int, default=60)
    p.add_argument("--period", default="2025-12", help="打开的期间（默认 2025-12）")
    p.add_argument("--cards", type=int, default=20, help="总览应显示的指标卡片数")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--screenshots", type=Path, help="把每页（热加载后）截图存到此目录")
    args = p.parse_args(argv)
    targets = [] if args.no_pg else [("PostgreSQL", u) for u in (args.pg or [PG_PROVINCE])]
    targets += [("SQLite", f"sqlite:///{Path(f).resolve()}") for f in args.sqlite]
    print("数据库\t学校数\t页面\t首次(ms)\t首次/空白\t热(中位数,ms)\t空白页(ms)\t热/空白\t首次后内存(MB)\t之后内存(MB)")
    ok = True
    for name, url in targets:
        rows = run(name, url, args)
        ok &= all(r["ratio"] <= WARM_BUDGET for r in rows if r.get("key"))
        ok &= all(r["first_ratio"] <= FIRST_BUDGET for r in rows if r.get("key") == "overview")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
