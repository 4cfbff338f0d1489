"""Issue 19 §4: what a screen reader announces is Chinese. Streamlit names its own controls in English
("Show password", "Skip to main content", "Link to heading", "Open") and material icons carry English
ligatures; pages.common.chinese_accessibility renames or hides them. Read from the browser's
accessibility tree (Playwright's ARIA snapshot) of the pages each role opens first."""

import re

import pytest

from tests.browser.conftest import assert_no_exception, sign_in, wait_for_app

pytestmark = pytest.mark.browser

# Words that are Chinese users' own vocabulary, or data (codes, user names, file types).
ALLOWED = {"EduKPI", "Excel", "WPS", "CSV", "PDF", "PPTX", "PNG", "xlsx", "xls", "csv", "MB",
           "Webhook"}  # 企业微信/钉钉 name the robot's address "Webhook 地址" in their own Chinese pages
PAGES = [("overview?plan=2025-taizhou", "滞后（"), ("upload", "在线填报"), ("account", "修改密码"),
         ("kpi_detail?plan=2025-taizhou&kpi=TZ25-06", "学校明细"), ("users", "用户管理"),
         ("notify_settings?plan=2025-taizhou", "通知设置")]


# The roles whose names Streamlit gives its own controls; the texts of paragraphs, cells and options
# are the bureau's data (user names other tests create may be English) and are left alone.
CONTROLS = ("button", "link", "combobox", "textbox", "region", "tab", "tablist", "checkbox", "radio", "switch",
            "slider", "spinbutton", "searchbox", "navigation", "banner", "dialog", "img", "heading", "group")


def english_names(snapshot: str) -> set[str]:
    """English words in the accessible names of controls in an ARIA snapshot (identifiers aside)."""
    found = set()
    for line in snapshot.splitlines():
        m = re.match(r'\s*- (\w+) "([^"]*)"', line)
        if not m or m.group(1) not in CONTROLS:
            continue
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", m.group(2)):
            if word in ALLOWED or re.search(r"[\d_]", word) or len(word) < 3:
                continue  # a code (TZ25-06), a user name (demo_admin), a unit (km)
            found.add(word)
    return found


def renamed(page) -> None:
    """Wait until the page's renaming script (pages.common._A11Y_JS) has run: a page just loaded still shows
    Streamlit's own English names for the moment before it does, which a loaded CI machine can stretch."""
    page.wait_for_function("() => window.__edukpiA11y === true", timeout=30_000)
    page.wait_for_timeout(300)


def test_controls_are_named_in_chinese_for_screen_readers(app_url, page):
    page.goto(app_url)
    wait_for_app(page, "登录")
    renamed(page)
    snapshots = {"登录": page.locator("body").aria_snapshot()}
    assert "显示密码" in snapshots["登录"] and "跳到正文" in snapshots["登录"]
    sign_in(page, app_url, "demo_admin")
    for path, text in PAGES:
        page.goto(f"{app_url}/{path}")
        wait_for_app(page, text)
        assert_no_exception(page)
        renamed(page)
        snapshots[path] = page.locator("body").aria_snapshot()
    english = {path: words for path, snap in snapshots.items() if (words := english_names(snap))}
    assert english == {}
    # The icons' ligatures are hidden from assistive technology, not only unnamed.
    shown = page.evaluate("""() => [...document.querySelectorAll("[data-testid='stIconMaterial']")]
                                  .filter(e => e.getAttribute('aria-hidden') !== 'true').map(e => e.textContent)""")
    assert shown == []
