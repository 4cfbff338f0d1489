"""Offline exports of a briefing snapshot: PNG (one image per page), PDF (all pages) and PPTX.

PNG and PDF are the layout's HTML rendered by one long-lived headless Chromium (the system
/usr/bin/chromium driven by Playwright, see briefing.browser): the document is loaded once per
export, measured, then each page is screenshotted (PNG) or the whole printed (PDF) by the same
browser, which stays up for the next export. PPTX is built with python-pptx: one slide per section,
native charts, Chinese fonts on every run. Every export checks itself before it is returned — a
character without a font, a panel whose content overflows or leaves the 16:9 frame, an image that is
blank or of the wrong size, a PDF without its KPI names, a deck without its slide titles raises
RenderError with a Chinese message — so nothing blank or clipped is ever written silently."""

from __future__ import annotations

import html as htmllib
import io
import re
import subprocess
import unicodedata
from typing import Any

from briefing import layout
from briefing.browser import SHARED, Chromium, chromium_path  # noqa: F401 - re-exported
from briefing.errors import RenderError
from core.cjk import fold_radicals

FORMATS = ("png", "pdf", "pptx")
# Why a PDF has fewer pages than the PPTX has slides: the PDF's first page is the whole briefing at a
# glance; the PPTX gives each of its panels a slide of its own, to be edited and presented.
FORMAT_NOTE = ("PDF 和 PNG 第 1 页是整份简报的一页概览，其后指标一览每页列 20 项；PPTX 把概况、状态变化、滞后与预警、"
               "重点指标趋势分别放在单独的幻灯片上（便于编辑和汇报），指标一览每页 12 项，所以页数比 PDF 多。")
RENDER_TIMEOUT_S = 90
MIN_PIXEL_STDDEV = 8.0  # below this a page is (nearly) one flat colour: blank
FIT_TOLERANCE_PX = 1  # sub-pixel rounding of the measured boxes
MIN_CHART_SHARE = 0.06  # a small multiple's chart lower than 6% of the page height is squeezed flat


def _fc_list(pattern: str) -> str | None:
    try:
        return subprocess.run(["fc-list", pattern, "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def visible_text(document: str) -> str:
    """The text a reader sees in the layout's HTML (styles and tags removed)."""
    body = re.sub(r"<style>.*?</style>", "", document, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", body))


NO_FONTCONFIG = ("无法检查中文字形：找不到 fontconfig 的 fc-list 命令，不能确认每个字符都有字体（缺字会显示为方框），"
                 "已停止导出。请安装 fontconfig（Debian/Ubuntu：apt-get install fontconfig）和 fonts-noto-cjk。")


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` that no installed font can draw (each would be a tofu box).

    One fontconfig query asks for a font covering every non-ASCII character at once (Noto CJK does
    for the whole briefing); only when none does are the characters looked up one by one. Without
    fontconfig's fc-list nothing can be confirmed, and that is an error, not a pass."""
    chars = sorted({c for c in text if ord(c) > 0x7F and not c.isspace()})
    if not chars:
        return []
    whole = _fc_list(":charset=" + " ".join(f"{ord(c):x}" for c in chars))
    if whole is None:
        raise RenderError(NO_FONTCONFIG)
    if whole.strip():
        return []
    missing = []
    for c in chars:
        found = _fc_list(f":charset={ord(c):x}")
        if found is None:
            raise RenderError(NO_FONTCONFIG)
        if not found.strip():
            missing.append(c)
    return missing


def check_glyphs(document: str) -> None:
    missing = missing_glyphs(visible_text(document))
    if missing:
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing[:8])
        raise RenderError(f"以下字符没有可用的字体，导出后会显示为方框：{shown}。"
                          "请安装中文字体 fonts-noto-cjk，或修改含这些字符的指标名称。")


# --- layout fit -----------------------------------------------------------------------------

# Every page of the document, and in it the header, footer, each panel and each small multiple:
# its content size (scroll*) against its box (client*), and its box against the page's 16:9 frame.
MEASURE_JS = """() => [...document.querySelectorAll('.page')].map((pg, i) => {
  const P = pg.getBoundingClientRect();
  const items = [...pg.querySelectorAll('header, footer, [data-panel], .mult')].map(e => {
    const r = e.getBoundingClientRect();
    const mult = e.classList.contains('mult');
    const spark = mult ? e.querySelector('.spark') : null;
    return {kind: mult ? 'mult' : (e.dataset.panel ? 'panel' : e.tagName.toLowerCase()),
            name: e.dataset.panel || '', label: mult ? (e.querySelector('.mname') || {}).textContent || '' : '',
            sh: e.scrollHeight, ch: e.clientHeight, sw: e.scrollWidth, cw: e.clientWidth,
            top: r.top - P.top, bottom: r.bottom - P.top, left: r.left - P.left, right: r.right - P.left,
            text: e.innerText.trim().length, chart: spark ? spark.getBoundingClientRect().height : null};
  });
  return {page: i + 1, w: P.width, h: P.height, items};
})"""


def _what(page: int, item: dict[str, Any]) -> str:
    if item["kind"] == "mult":
        return f"第 {page} 页“重点指标趋势”中“{item['label']}”的小图"
    if item["kind"] == "panel":
        return f"第 {page} 页“{layout.PANEL_NAMES.get(item['name'], item['name'])}”面板"
    return f"第 {page} 页的{'标题栏' if item['kind'] == 'header' else '页脚'}"


def fit_problems(pages: list[dict[str, Any]], size: tuple[int, int], want_pages: int) -> list[str]:
    """What does not fit, in Chinese, from MEASURE_JS's measurements at ``size`` (empty when all fits)."""
    w, h = size
    tol = FIT_TOLERANCE_PX
    out = []
    if len(pages) != want_pages:
        out.append(f"版面有 {len(pages)} 页，应为 {want_pages} 页")
    for pg in pages:
        n = pg["page"]
        if abs(pg["w"] - w) > tol or abs(pg["h"] - h) > tol:
            out.append(f"第 {n} 页为 {pg['w']:.0f}×{pg['h']:.0f} 像素，不是 {w}×{h} 的 16:9 画框")
        for it in pg["items"]:
            what = _what(n, it)
            if it["sh"] > it["ch"] + tol:
                out.append(f"{what}内容超出：需要 {it['sh']} 像素高，只有 {it['ch']} 像素，下面的内容会被截掉")
            elif it["sw"] > it["cw"] + tol:
                out.append(f"{what}内容超出：需要 {it['sw']} 像素宽，只有 {it['cw']} 像素")
            if it["bottom"] > h + tol or it["right"] > w + tol or it["top"] < -tol or it["left"] < -tol:
                out.append(f"{what}超出了 16:9 画框")
            if it["kind"] == "panel" and it["text"] == 0:
                out.append(f"{what}是空的")
            if it["chart"] is not None and it["chart"] < h * MIN_CHART_SHARE:
                out.append(f"{what}被挤压到 {it['chart']:.0f} 像素高，趋势线无法辨认")
    return out


def check_fit(pages: list[dict[str, Any]], size: tuple[int, int], want_pages: int) -> None:
    problems = fit_problems(pages, size, want_pages)
    if problems:
        more = f"等 {len(problems)} 处" if len(problems) > 3 else ""
        raise RenderError(f"简报版面放不下（{size[0]}×{size[1]}），已停止导出：{'；'.join(problems[:3])}{more}。"
                          "通常是本月概述过长、指标名称过长或要列出的指标过多；请缩短指标名称后重新生成快照，或联系管理员。")


def _load(browser, document: str, size: tuple[int, int]):
    """A fresh offline page at ``size`` with the document loaded and its fonts ready."""
    w, h = size
    context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1, offline=True,
                                  service_workers="block", locale="zh-CN", java_script_enabled=True)
    context.route("**/*", lambda route: route.abort())  # the document needs nothing from anywhere
    page = context.new_page()
    page.set_default_timeout(RENDER_TIMEOUT_S * 1000)
    page.set_content(document, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => document.fonts.status)")
    return context, page


def _png_job(document: str, size: tuple[int, int], want_pages: int):
    def job(browser) -> list[bytes]:
        w, h = size
        context, page = _load(browser, document, size)
        try:
            check_fit(page.evaluate(MEASURE_JS), size, want_pages)
            return [page.screenshot(clip={"x": 0, "y": i * h, "width": w, "height": h}, full_page=True, type="png",
                                    animations="disabled", caret="hide", scale="css") for i in range(want_pages)]
        finally:
            context.close()
    return job


def _pdf_job(document: str, size: tuple[int, int], want_pages: int):
    def job(browser) -> bytes:
        w, h = size
        context, page = _load(browser, document, size)
        try:
            check_fit(page.evaluate(MEASURE_JS), size, want_pages)
            return page.pdf(width=f"{w}px", height=f"{h}px", print_background=True, prefer_css_page_size=True,
                            margin={"top": "0", "right": "0", "bottom": "0", "left": "0"})
        finally:
            context.close()
    return job


# --- PNG ------------------------------------------------------------------------------------

def check_png(data: bytes, size: tuple[int, int], what: str = "图片") -> None:
    """Raise RenderError unless the image has the expected size and is not blank."""
    from PIL import Image, ImageStat

    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except Exception as exc:  # noqa: BLE001 - any unreadable image is the same failure
        raise RenderError(f"{what}无法读取：{exc}") from exc
    if img.size != size:
        raise RenderError(f"{what}尺寸为 {img.size[0]}×{img.size[1]}，应为 {size[0]}×{size[1]}。")
    std = ImageStat.Stat(img.convert("L")).stddev[0]
    if std < MIN_PIXEL_STDDEV:
        raise RenderError(f"{what}几乎是一片空白（像素标准差 {std:.1f}），已停止导出。请检查 Chromium 和中文字体后重试。")


def render_png(snap: dict[str, Any], size: str = "1920x1080", chromium: Chromium | None = None) -> list[bytes]:
    """One PNG per page at the chosen 16:9 size: one load of the document, one screenshot a page."""
    if size not in layout.SIZES:
        raise RenderError(f"不支持的尺寸 {size}，可选：{'、'.join(layout.SIZES)}。")
    w, h = layout.SIZES[size]
    pages = layout.page_count(snap)
    document = layout.render_html(snap)
    check_glyphs(document)
    shots = (chromium or SHARED).run(_png_job(document, (w, h), pages))
    for i, data in enumerate(shots):
        check_png(data, (w, h), f"第 {i + 1} 页图片")
    return shots


# --- PDF ------------------------------------------------------------------------------------

def normalise_text(text: str) -> str:
    return fold_radicals(unicodedata.normalize("NFKC", text))  # ⼀/⻓ as a PDF's font names them


def pdf_text(data: bytes) -> list[str]:
    """The text of each PDF page, with radical forms folded back to ideographs (normalise_text)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [normalise_text(p.extract_text() or "") for p in reader.pages]


def _squash(text: str) -> str:
    """Compare text without whitespace and in the same normal form (NFKC turns （ into ( too)."""
    return "".join(normalise_text(text).split())


def check_pdf(data: bytes, snap: dict[str, Any]) -> None:
    """Raise RenderError unless the PDF has every page and its text carries the title and every KPI name."""
    try:
        pages = pdf_text(data)
    except Exception as exc:  # noqa: BLE001
        raise RenderError(f"PDF 无法读取：{exc}") from exc
    want = layout.page_count(snap)
    if len(pages) != want:
        raise RenderError(f"PDF 有 {len(pages)} 页，应为 {want} 页。")
    text = _squash("".join(pages))
    missing = [n for n in [layout.title_of(snap)] + [k["name"] for k in snap["kpis"]] if _squash(n) not in text]
    if missing:
        raise RenderError(f"PDF 中找不到以下文字（可能缺少中文字形）：{'、'.join(missing[:5])}。")


def render_pdf(snap: dict[str, Any], chromium: Chromium | None = None) -> bytes:
    """All pages in one PDF of 1920×1080 px pages, printed by the same long-lived Chromium."""
    document = layout.render_html(snap)
    check_glyphs(document)
    data = (chromium or SHARED).run(_pdf_job(document, layout.SIZES["1920x1080"], layout.page_count(snap)))
    if not data:
        raise RenderError("Chromium 没有生成 PDF，导出失败。")
    check_pdf(data, snap)
    return data


# --- all formats ----------------------------------------------------------------------------

def render(snap: dict[str, Any], fmt: str, size: str = "1920x1080", chromium: Chromium | None = None) -> list[bytes]:
    """The files of one format (PNG: one per page; PDF and PPTX: one), each already self-checked.
    PNG and PDF use ``chromium`` (default: the process's shared, long-lived browser)."""
    if fmt == "png":
        return render_png(snap, size, chromium)
    if fmt == "pdf":
        return [render_pdf(snap, chromium)]
    if fmt == "pptx":
        from briefing.slides import render_pptx

        return [render_pptx(snap)]
    raise RenderError(f"不支持的导出格式 {fmt}，可选：png、pdf、pptx。")


def file_names(snap: dict[str, Any], fmt: str, count: int) -> list[str]:
    """Download names: '温岭市教育局_2025年10月月度简报_第3期.pdf'; PNG pages get _第N页."""
    base = f"{snap['plan']['bureau']}_{snap['period_label']}月度简报"
    if snap.get("number"):
        base += f"_第{snap['number']}期"
    if fmt == "png" and count > 1:
        return [f"{base}_第{i + 1}页.png" for i in range(count)]
    return [f"{base}.{fmt}"]
