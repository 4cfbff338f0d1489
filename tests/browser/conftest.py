"""Browser harness: the real app under `streamlit run` on a free port, driven by Playwright in
Debian's Chromium (/usr/bin/chromium). Under CI=true a browser that cannot start fails the run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("EDUKPI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env_extra: dict[str, str] | None = None, timeout: float = 180,
              base_path: str = "") -> tuple[subprocess.Popen, str, Path]:
    """`python app.py` on a free port (under /base_path/ if given, as behind a reverse proxy)."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"streamlit-{port}.log"
    env = os.environ.copy()
    env.update(env_extra or {})
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *(["--server.baseUrlPath", base_path] if base_path else [])],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit 退出了：\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/{base_path}/_stcore/health".replace("//_", "/_"), timeout=2) as r:
                if r.status == 200:
                    return proc, url, log
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit 未在 {timeout}s 内就绪：\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def test_accounts(demo_db) -> None:
    """Besides the demo accounts: admin_all, a system-wide admin who sees every bureau."""
    from sqlalchemy import select

    from auth.principal import SYSTEM
    from auth.users import create_user
    from db.models import User
    from db.session import write_session

    with write_session() as s:
        if s.scalar(select(User.id).where(User.username == "admin_all")) is None:
            create_user(s, SYSTEM, "admin_all", DEMO_PASSWORD, "admin", None, None, "系统管理员")


@pytest.fixture(scope="session")
def app_url(demo_db, test_accounts):
    proc, url, _log = start_app()
    yield url
    stop_app(proc)


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any failure to start the browser is reported the same way
        msg = f"无法启动 Chromium（{CHROMIUM}）：{exc}"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser, request):
    """A fresh page at 1600×1000 that fails the test if anything tries to leave this machine."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    outside: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    except Exception:  # noqa: BLE001 - a screenshot is a courtesy, not the test
        pass
    context.close()
    assert not outside, f"页面试图访问外网：{outside}"


def wait_for_app(pg, text: str | None = None, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (and, if given, `text` is shown)."""
    pg.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout)
    if text:
        pg.locator("[data-testid='stMain']").get_by_text(text).first.wait_for(timeout=timeout)
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSpinner\"]')",
        timeout=timeout,
    )
    pg.wait_for_timeout(400)


def assert_no_exception(pg) -> None:
    assert pg.locator("[data-testid='stException']").count() == 0, pg.locator("[data-testid='stException']").first.inner_text()


def choose(pg, label: str, option_text: str) -> None:
    """Pick an option of the st.selectbox labelled `label` by (part of) its text."""
    box = pg.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.get_by_role("combobox").click()
    pg.locator("[role='option']").filter(has_text=option_text).first.click()
    pg.wait_for_timeout(300)
    wait_for_app(pg)


DEMO_PASSWORD = "Demo-EduKPI-2468"  # auth.users.DEMO_PASSWORD; the demo accounts exist in the test database


def sign_in(pg, app_url: str, username: str = "demo_admin", password: str = DEMO_PASSWORD,
            path: str = "", expect: str | None = "我的待办") -> None:
    """Open the app (optionally at path, e.g. '?plan=2021-wujin') and sign in through the 登录 form."""
    pg.goto(f"{app_url}/{path}")
    wait_for_app(pg, "登录")
    form = pg.locator("[data-testid='stForm']")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("密码", exact=True).fill(password)
    form.get_by_role("button", name="登录").click()
    pg.wait_for_timeout(300)
    if expect:
        pg.get_by_role("heading", name=expect).first.wait_for(timeout=60_000)
    wait_for_app(pg)
