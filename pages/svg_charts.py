"""The trend and the distribution of 指标详情 as SVG images (the briefing draws its small multiples
the same way): no chart library for the browser to fetch. See pages/html_parts.py for why.

Each chart is drawn twice, for a wide screen and for a phone (its text would shrink to unreadable if
one drawing were scaled down), and shown as <img> with a data: address: st.html's sanitiser drops
<svg> elements, and st.markdown's raw-HTML path fetches a parser of its own. The image's alt text
lists every figure, for screen readers and as the tooltip."""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pages.html_parts import e


@dataclass(frozen=True)
class Frame:
    """A drawing's size, margins and type size (in its own units; the image is scaled to the width)."""

    W: float
    H: float
    LEFT: float
    RIGHT: float
    TOP: float
    BOTTOM: float
    font: int
    max_labels: int  # x labels drawn at most (every 2nd month on a phone)


WIDE = Frame(760, 300, 64, 14, 14, 36, 13, 12)
NARROW = Frame(380, 280, 50, 10, 12, 34, 13, 6)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per x label; None = no figure that month (a gap, not 0)
    colour: str
    style: str = "line"  # line, dash, dot
    markers: Sequence[str] | None = None  # a colour per point (the month's status) for the actual values
    tips: Sequence[str] | None = None  # a tooltip per point


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round axis ticks covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if hi - lo < 1e-12:
        lo, hi = lo - (abs(lo) * 0.1 or 1), hi + (abs(hi) * 0.1 or 1)
    raw = (hi - lo) / max(1, count - 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks, t = [], first
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(t, 10))
    return ticks


def _tick_text(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1000 or float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def line_chart(x_labels: Sequence[str], series: Sequence[Series], aria: str,
               y_ticks: Sequence[tuple[float, str]] | None = None, f: Frame = WIDE) -> str:
    """Lines over months with the y axis on round ticks (or the given ones: 未完成/已完成); the axis'
    unit is said in the chart's title line above it."""
    n = len(x_labels)
    values = [v for s in series for v in s.values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if y_ticks:
        ticks = list(y_ticks)
        lo, hi = min(t for t, _ in ticks) - 0.2, max(t for t, _ in ticks) + 0.2
    else:
        grid = nice_ticks(min(values, default=0.0), max(values, default=1.0))
        ticks = [(t, _tick_text(t)) for t in grid]
        lo, hi = grid[0], grid[-1]

    def x(i: int) -> float:
        return f.LEFT + (f.W - f.LEFT - f.RIGHT) * ((i + 0.5) / n if n else 0.5)

    def y(v: float) -> float:
        return f.TOP + (f.H - f.TOP - f.BOTTOM) * (1 - (v - lo) / ((hi - lo) or 1))

    out = [_open(f, aria)]
    for t, text in ticks:
        out.append(f'<line x1="{f.LEFT}" x2="{f.W - f.RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e3e7ec"/>'
                   f'<text x="{f.LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{e(text)}</text>')
    every = max(1, math.ceil(n / f.max_labels))
    for i, name in enumerate(x_labels):
        if (n - 1 - i) % every == 0:  # counted from the newest month, which is always labelled
            out.append(f'<text x="{x(i):.1f}" y="{f.H - 12}" text-anchor="middle">{e(name)}</text>')
    dash = {"line": "", "dash": ' stroke-dasharray="8 5"', "dot": ' stroke-dasharray="2 4"'}
    for s in series:
        seg: list[str] = []
        runs: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                if seg:
                    runs.append(seg)
                seg = []
            else:
                seg.append(f"{x(i):.1f},{y(v):.1f}")
        if seg:
            runs.append(seg)
        width = 2.5 if s.style == "line" else 1.8
        for run in runs:
            if len(run) > 1:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{e(s.colour)}" '
                           f'stroke-width="{width}"{dash.get(s.style, "")}/>')
        if s.markers is not None:
            for i, v in enumerate(s.values):
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue
                tip = s.tips[i] if s.tips else f"{x_labels[i]}：{v}"
                out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="6" fill="{e(s.markers[i])}" stroke="#fff" '
                           f'stroke-width="1.5"><title>{e(tip)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def histogram(values: Sequence[float], bins: int, aria: str, f: Frame = WIDE) -> str:
    """How many schools fall in each of `bins` equal ranges of the values."""
    vals = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not vals:
        return ""
    lo, hi = min(vals), max(vals)
    width = ((hi - lo) / bins) or 1.0
    counts = [0] * bins
    for v in vals:
        counts[min(bins - 1, int((v - lo) / width))] += 1
    top = nice_ticks(0, max(counts))
    ymax = top[-1] or 1

    def y(c: float) -> float:
        return f.TOP + (f.H - f.TOP - f.BOTTOM) * (1 - c / ymax)

    bw = (f.W - f.LEFT - f.RIGHT) / bins
    out = [_open(f, aria)]
    for t in top:
        out.append(f'<line x1="{f.LEFT}" x2="{f.W - f.RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e3e7ec"/>'
                   f'<text x="{f.LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{_tick_text(t)}</text>')
    for i, c in enumerate(counts):
        a, b = lo + i * width, lo + (i + 1) * width
        out.append(f'<rect x="{f.LEFT + i * bw + 1:.1f}" y="{y(c):.1f}" width="{bw - 2:.1f}" height="{y(0) - y(c):.1f}" '
                   f'fill="#1f5fa8"><title>{e(f"{_tick_text(a)}–{_tick_text(b)}：{c} 所")}</title></rect>')
    for i in ((0, bins // 2, bins) if f.max_labels >= 12 else (0, bins)):
        out.append(f'<text x="{f.LEFT + i * bw:.1f}" y="{f.H - 12}" text-anchor="middle">{_tick_text(lo + i * width)}</text>')
    out.append("</svg>")
    return "".join(out)


def _open(f: Frame, aria: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {f.W:g} {f.H:g}" role="img" aria-label="{e(aria)}">'
            f'<style>text{{font-size:{f.font}px;fill:#4a5868;font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif}}'
            '</style>')


def images(draw: Callable[[Frame], str], alt: str) -> str:
    """The chart drawn for a wide screen and for a phone, as two <img>; CSS shows one of them."""
    out = []
    for f, cls in ((WIDE, "ek-chart ek-wide"), (NARROW, "ek-chart ek-narrow")):
        data = base64.b64encode(draw(f).encode()).decode()
        out.append(f'<img class="{cls}" src="data:image/svg+xml;base64,{data}" alt="{e(alt)}" title="{e(alt)}">')
    return "".join(out)
