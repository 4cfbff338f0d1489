"""Offline exports of a briefing snapshot: PNG (one image per page), PDF (all pages) and PPTX.

PNG and PDF are the layout's HTML rendered by headless Chromium (the system /usr/bin/chromium,
one browser launch per format; name resolution is mapped to nowhere so nothing can leave the
machine). PPTX is built with python-pptx: one slide per section, native charts, Chinese fonts on
every run. Every export checks itself before it is returned — an image that is blank or of the
wrong size, a PDF without its KPI names, a deck without its slides raises RenderError with a
Chinese message — so nothing blank is ever written silently."""

from __future__ import annotations

import html as htmllib
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from briefing import layout

FORMATS = ("png", "pdf", "pptx")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
    "--mute-audio", "--disable-features=MediaRouter,OptimizationHints,Translate",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no host name resolves
]
RENDER_TIMEOUT_S = 90
MIN_PIXEL_STDDEV = 8.0  # below this a page is (nearly) one flat colour: blank


class RenderError(RuntimeError):
    """An export that could not be produced or failed its self-check; str(exc) is Chinese."""


def chromium_path() -> str:
    """EDUKPI_CHROMIUM, else BROWSER_PATH, else the first Chromium on PATH (Debian: /usr/bin/chromium)."""
    for env in ("EDUKPI_CHROMIUM", "BROWSER_PATH"):
        if os.environ.get(env):
            return os.environ[env]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium"


def _fc_list(pattern: str) -> str | None:
    try:
        return subprocess.run(["fc-list", pattern, "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None  # no fontconfig tools: the PDF text check still catches missing glyphs


def visible_text(document: str) -> str:
    """The text a reader sees in the layout's HTML (styles and tags removed)."""
    body = re.sub(r"<style>.*?</style>", "", document, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", body))


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` that no installed font can draw (each would be a tofu box).

    One fontconfig query asks for a font covering every non-ASCII character at once (Noto CJK does
    for the whole briefing); only when none does are the characters looked up one by one."""
    chars = sorted({c for c in text if ord(c) > 0x7F and not c.isspace()})
    if not chars:
        return []
    whole = _fc_list(":charset=" + " ".join(f"{ord(c):x}" for c in chars))
    if whole is None or whole.strip():
        return []
    return [c for c in chars if not (_fc_list(f":charset={ord(c):x}") or "").strip()]


def check_glyphs(document: str) -> None:
    missing = missing_glyphs(visible_text(document))
    if missing:
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing[:8])
        raise RenderError(f"以下字符没有可用的字体，导出后会显示为方框：{shown}。"
                          "请安装中文字体 fonts-noto-cjk，或修改含这些字符的指标名称。")


def _chromium(html: str, args: list[str]) -> Path:
    """Run headless Chromium on the document; returns the temporary folder holding its output."""
    exe = chromium_path()
    if not (Path(exe).exists() or shutil.which(exe)):
        raise RenderError(f"未找到 Chromium 浏览器（{exe}），无法导出 PNG/PDF。请安装 chromium，或用环境变量 EDUKPI_CHROMIUM 指定其路径。")
    tmp = Path(tempfile.mkdtemp(prefix="edukpi-briefing-"))
    src = tmp / "briefing.html"
    src.write_text(html, encoding="utf-8")
    cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'profile'}", *args, src.as_uri()]
    try:
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, timeout=RENDER_TIMEOUT_S,
                              env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": "disabled:"})
    except subprocess.TimeoutExpired as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RenderError(f"Chromium 在 {RENDER_TIMEOUT_S} 秒内未完成渲染，导出失败。请稍后重试。") from exc
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RenderError(f"无法启动 Chromium（{exe}）：{exc}") from exc
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise RenderError(f"Chromium 渲染失败（退出码 {proc.returncode}）：{tail[0][:200]}")
    return tmp


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


def render_png(snap: dict[str, Any], size: str = "1920x1080") -> list[bytes]:
    """One PNG per page at the chosen 16:9 size, all pages from one browser launch."""
    from PIL import Image

    if size not in layout.SIZES:
        raise RenderError(f"不支持的尺寸 {size}，可选：{'、'.join(layout.SIZES)}。")
    w, h = layout.SIZES[size]
    pages = layout.page_count(snap)
    document = layout.render_html(snap)
    check_glyphs(document)
    tmp = _chromium(document, [f"--window-size={w},{h * pages}", "--screenshot=shot.png"])
    try:
        shot = tmp / "shot.png"
        if not shot.exists():
            raise RenderError("Chromium 没有生成截图，导出失败。")
        whole = Image.open(shot)
        whole.load()
        if whole.size != (w, h * pages):
            raise RenderError(f"截图尺寸为 {whole.size[0]}×{whole.size[1]}，应为 {w}×{h * pages}。")
        out = []
        for i in range(pages):
            buf = io.BytesIO()
            whole.crop((0, i * h, w, (i + 1) * h)).save(buf, format="PNG", optimize=False)
            data = buf.getvalue()
            check_png(data, (w, h), f"第 {i + 1} 页图片")
            out.append(data)
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- PDF ------------------------------------------------------------------------------------

# CJK fonts share one glyph between an ideograph and its radical form, and their ToUnicode tables may
# name the radical: Kangxi radicals (⼀ for 一) fold back under NFKC; the CJK Radicals Supplement
# forms below (⺠ for 民, ⻓ for 长) have no decomposition and are mapped here.
RADICAL_FORMS = str.maketrans(
    "⺟⺠⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻨⻩⻪⻬⻮⻰⻳",
    "母民西见角贝车长门青韦页风飞食马骨鬼鱼鸟麦黄黾齐齿龙龟",
)


def normalise_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(RADICAL_FORMS)


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


def render_pdf(snap: dict[str, Any]) -> bytes:
    document = layout.render_html(snap)
    check_glyphs(document)
    tmp = _chromium(document, ["--no-pdf-header-footer", "--print-to-pdf=out.pdf"])
    try:
        out = tmp / "out.pdf"
        if not out.exists() or out.stat().st_size == 0:
            raise RenderError("Chromium 没有生成 PDF，导出失败。")
        data = out.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    check_pdf(data, snap)
    return data


# --- all formats ----------------------------------------------------------------------------

def render(snap: dict[str, Any], fmt: str, size: str = "1920x1080") -> list[bytes]:
    """The files of one format (PNG: one per page; PDF and PPTX: one), each already self-checked."""
    if fmt == "png":
        return render_png(snap, size)
    if fmt == "pdf":
        return [render_pdf(snap)]
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
