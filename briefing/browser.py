"""One long-lived headless Chromium for the briefing exports, driven by Playwright on one thread.

Playwright's sync API belongs to the thread that started it, and Streamlit runs every script run on a
thread of its own, so the browser lives on a dedicated daemon thread: an export hands it a job (a
function of the Browser) and waits for the result. Jobs run one at a time. The browser is launched
on the first job and serves every later page, size and format (PNG and PDF alike); it is closed after
IDLE_SECONDS without work and at interpreter exit, and launched again if it died. Launch flags keep
it offline: no host name resolves, no background networking, and each job's context is offline."""

from __future__ import annotations

import atexit
import concurrent.futures
import os
import queue
import shutil
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

from briefing.errors import RenderError
from core import settings

T = TypeVar("T")

IDLE_SECONDS = 300.0
JOB_TIMEOUT_S = 180.0  # a job's own Playwright calls time out after export.RENDER_TIMEOUT_S
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--mute-audio", "--disable-features=MediaRouter,OptimizationHints,Translate",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no host name resolves
]


def chromium_path() -> str:
    """EDUKPI_CHROMIUM, else BROWSER_PATH, else the first Chromium on PATH (Debian: /usr/bin/chromium)."""
    configured = settings.get().chromium or os.environ.get("BROWSER_PATH")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


class Chromium:
    """The browser service. ``run(job)`` executes ``job(browser)`` on the owner thread."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS):
        self.idle_seconds = idle_seconds
        self.launches = 0  # how many times a Chromium process was started (the benchmark reports it)
        self._jobs: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def run(self, job: Callable[[Any], T], timeout: float = JOB_TIMEOUT_S) -> T:
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="edukpi-briefing-chromium", daemon=True)
                self._thread.start()
            self._jobs.put((job, future))
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise RenderError(f"Chromium 在 {timeout:.0f} 秒内未完成渲染，导出失败。请稍后重试。") from exc

    def close(self) -> None:
        """Close the browser and end the owner thread (a later run() starts them again)."""
        with self._lock:
            thread = self._thread
            if thread is not None:
                self._jobs.put(None)
        if thread is not None and thread is not threading.current_thread():
            thread.join(30)

    # --- the owner thread ------------------------------------------------------------------

    def _launch(self, pw, exe: str) -> Any:
        if not (Path(exe).exists() or shutil.which(exe)):
            raise RenderError(f"未找到 Chromium 浏览器（{exe}），无法导出 PNG/PDF。"
                               "请安装 chromium，或用环境变量 EDUKPI_CHROMIUM 指定其路径。")
        try:
            browser = pw.chromium.launch(executable_path=exe, args=LAUNCH_ARGS, headless=True,
                                         env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": "disabled:"})
        except Exception as exc:  # noqa: BLE001 - any launch failure reads the same to the user
            raise RenderError(f"无法启动 Chromium（{exe}）：{_first_line(exc)}") from exc
        self.launches += 1
        return browser

    def _serve(self) -> None:
        pw = browser = launched = None
        try:
            while True:
                try:
                    item = self._jobs.get(timeout=self.idle_seconds)
                except queue.Empty:
                    with self._lock:  # idle: give the memory back, unless a job just arrived
                        if self._jobs.empty():
                            self._thread = None
                            return
                    continue
                if item is None:
                    with self._lock:
                        self._thread = None
                        if not self._jobs.empty():  # jobs queued behind close(): a fresh thread serves them
                            self._thread = threading.Thread(target=self._serve, name="edukpi-briefing-chromium",
                                                            daemon=True)
                            self._thread.start()
                    return
                job, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    exe = chromium_path()
                    if browser is not None and (launched != exe or not browser.is_connected()):
                        _close(browser)  # died, or another Chromium is configured now
                        browser = None
                    if browser is None:
                        if pw is None:
                            pw = _start_playwright()
                        browser, launched = self._launch(pw, exe), exe
                    future.set_result(job(browser))
                except RenderError as exc:
                    future.set_exception(exc)
                except Exception as exc:  # noqa: BLE001 - Playwright's errors, in Chinese for the user
                    future.set_exception(RenderError(f"Chromium 渲染失败：{_first_line(exc)}"))
        finally:
            if browser is not None:
                _close(browser)
            if pw is not None:
                try:
                    pw.stop()
                except Exception:  # noqa: BLE001, S110
                    pass


def _close(browser) -> None:
    try:
        browser.close()
    except Exception:  # noqa: BLE001, S110 - it may have died already
        pass


def _start_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise RenderError("缺少 Python 包 playwright，无法导出 PNG/PDF。请运行 pip install -r requirements.txt。") from exc
    return sync_playwright().start()


SHARED = Chromium()
atexit.register(SHARED.close)
