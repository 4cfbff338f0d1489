"""月度简报 in a real browser: the 16:9 frame at 1920×1080 fits — nothing overflows, no scrollbar,
every panel has content — and the export layout is exact at 1920×1080 and 1280×720."""

import io

import pytest
from PIL import Image, ImageStat

from auth.principal import SYSTEM
from briefing import export, layout, snapshot
from db.session import read_session
from tests.browser.conftest import ARTIFACTS, assert_no_exception, choose, sign_in, wait_for_app

pytestmark = pytest.mark.browser

MEASURE = """() => {
  const page = document.querySelector('.page');
  const pr = page.getBoundingClientRect();
  const panels = [...document.querySelectorAll('[data-panel]')].map(e => ({
    name: e.dataset.panel, sh: e.scrollHeight, ch: e.clientHeight, sw: e.scrollWidth, cw: e.clientWidth,
    text: e.innerText.trim().length, bottom: e.getBoundingClientRect().bottom, right: e.getBoundingClientRect().right}));
  return {w: pr.width, h: pr.height, bottom: pr.bottom, right: pr.right,
          docH: document.documentElement.scrollHeight, innerH: window.innerHeight,
          docW: document.documentElement.scrollWidth, innerW: window.innerWidth, panels};
}"""


def assert_fits(m: dict) -> None:
    assert abs(m["h"] - m["w"] * 9 / 16) <= 1, m  # 16:9
    assert m["docH"] <= m["innerH"] + 1 and m["docW"] <= m["innerW"] + 1, "简报画框出现了滚动条"
    names = {p["name"] for p in m["panels"]}
    assert {"summary", "narrative", "changes", "attention", "trends"} <= names
    for p in m["panels"]:
        assert p["text"] > 0, f"{p['name']} 面板是空的"
        assert p["sh"] <= p["ch"] + 1 and p["sw"] <= p["cw"] + 1, f"{p['name']} 面板内容溢出：{p}"
        assert p["bottom"] <= m["bottom"] + 1 and p["right"] <= m["right"] + 1, f"{p['name']} 超出画框"


def not_blank(png: bytes) -> None:
    assert ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0] > 8


def test_briefing_page_frame_at_1920x1080(app_url, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, app_url, "demo_leader", path="?plan=2025-taizhou")
    page.get_by_role("link", name="月度简报").click()
    wait_for_app(page, "生成本月简报快照")
    assert_no_exception(page)
    frame_el = page.locator("iframe").first
    frame_el.wait_for()
    frame = frame_el.content_frame
    frame.locator(".page h1").wait_for()
    assert "温岭市教育局 · 2025年12月月度简报" in frame.locator(".page h1").inner_text()
    m = frame.locator("body").evaluate(MEASURE.replace("() =>", "(_) =>"))
    assert_fits(m)
    box = frame_el.bounding_box()
    assert abs(box["height"] - box["width"] * 9 / 16) <= 2  # the iframe is as tall as the frame, no more
    shot = frame_el.screenshot(path=str(ARTIFACTS / "briefing-frame-1920.png"))
    not_blank(shot)
    # the Streamlit page itself does not scroll sideways at 1920×1080
    main = page.locator("[data-testid='stMain']").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert main[0] <= main[1] + 1


@pytest.mark.parametrize("size", ["1920x1080", "1280x720"])
def test_export_layout_is_exact_at_both_sizes(demo_db, page, size):
    w, h = layout.SIZES[size]
    with read_session() as s:  # December: the densest month (many changes and off-track KPIs)
        snap = snapshot.build_snapshot(s, SYSTEM, "2025-taizhou", "2025-12")
    page.set_viewport_size({"width": w, "height": h})
    page.set_content(layout.render_html(snap, "first"))
    m = page.evaluate(MEASURE)
    assert m["w"] == w and abs(m["h"] - h) <= 1
    assert_fits(m)
    # the export's own fit check agrees: nothing to report on the densest month
    assert export.fit_problems(page.evaluate(export.MEASURE_JS), (w, h), 1) == []
    not_blank(page.screenshot(path=str(ARTIFACTS / f"briefing-export-{size}.png")))


def test_leader_generates_exports_and_downloads_the_pdf(app_url, page, tmp_path):
    sign_in(page, app_url, "admin_all")  # a system-wide admin may brief any bureau (here 宜昌)
    page.get_by_role("link", name="月度简报").click()
    wait_for_app(page, "生成本月简报快照")
    choose(page, "工作要点", "宜昌市教育局")
    page.locator("iframe").first.content_frame.get_by_text("宜昌市教育局 · 2022年12月月度简报").wait_for()
    page.get_by_role("button", name="生成本月简报快照").click()
    wait_for_app(page, "数字已冻结")
    assert_no_exception(page)
    page.get_by_role("button", name="导出 PDF").click()
    wait_for_app(page)
    button = page.get_by_role("button", name="下载 宜昌市教育局_2022年12月月度简报")
    button.wait_for(timeout=90_000)
    with page.expect_download() as info:
        button.click()
    path = tmp_path / "简报.pdf"
    info.value.save_as(path)
    assert info.value.suggested_filename.startswith("宜昌市教育局_2022年12月月度简报_第")
    from briefing.export import pdf_text

    text = "".join("".join(pdf_text(path.read_bytes())).split())
    assert "宜昌市教育局·2022年12月月度简报" in text and "公办园在园幼儿占比" in text
    assert_no_exception(page)
