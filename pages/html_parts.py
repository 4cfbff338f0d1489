"""Plain-HTML figures, tables and bar rows for the dashboards, drawn with one st.html each.

Why not st.metric, st.dataframe and plotly: in a fresh browser every kind of Streamlit element fetches
and parses its own scripts (the grid's and plotly.js's are megabytes), and at province size that — not
the server — made 指标详情 and 填报进度 three to four times a blank page (docs/benchmarks.md,
docs/decisions.md). These parts are static HTML: the browser lays them out with the page. The styles
travel once per page in pages.common's layout block (CSS below). Every text is escaped here."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

CSS = """
.ek-notice{display:flex;gap:10px;align-items:flex-start;background:#fffbe6;color:#6a4b00;border-radius:8px;
  padding:12px 16px;margin:0 0 6px 0;line-height:1.5}
.ek-notice::before{content:"!";flex:none;width:20px;height:20px;border-radius:50%;background:#e6a700;color:#fff;
  font-weight:700;text-align:center;line-height:20px;font-size:.85rem}
h3.ek-kpi-title{font-size:1.6rem;font-weight:700;line-height:1.3;margin:.2rem 0 0 0;padding:0;color:#1d2733}
.ek-metrics{display:flex;flex-wrap:wrap;gap:10px 28px;margin:2px 0 10px 0}
.ek-metric{min-width:150px;max-width:100%}
.ek-metric .ek-mlabel{font-size:.875rem;color:#4a5868}
.ek-metric .ek-mvalue{font-size:1.9rem;line-height:1.25;overflow-wrap:anywhere;color:#1d2733}
.ek-metric .ek-mdelta{font-size:.85rem;color:#4a5868}
.ek-tablewrap{max-width:100%;overflow-x:auto;margin:2px 0 10px 0}
table.ek-table{border-collapse:collapse;font-size:.9rem;min-width:60%;color:#1d2733}
table.ek-table th{background:#f4f6f8;text-align:left;font-weight:600;white-space:nowrap}
table.ek-table th,table.ek-table td{border-bottom:1px solid #e3e7ec;padding:5px 10px;vertical-align:top}
table.ek-table td.ek-num{text-align:right;white-space:nowrap}
table.ek-table tbody tr:hover{background:#f7f9fb}
.ek-bars{display:grid;grid-template-columns:minmax(90px,max-content) minmax(0,1fr);gap:5px 10px;align-items:center;
  margin:4px 0 6px 0;font-size:.9rem;color:#1d2733}
.ek-bars .ek-blabel{overflow-wrap:anywhere}
.ek-bars .ek-track{position:relative;height:22px;background:#f1f3f6;border-radius:3px}
.ek-bars .ek-seg{position:absolute;top:0;height:22px}
.ek-bars .ek-btext{position:absolute;top:2px;font-size:.8rem;white-space:nowrap;color:#1d2733}
.ek-bars .ek-ref{position:absolute;top:-3px;bottom:-3px;border-left:2px dashed #c62828}
.ek-chart-title{font-weight:600;margin:4px 0 2px 0;color:#1d2733}
.ek-legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.82rem;color:#4a5868;margin:2px 0 8px 0}
.ek-legend i{display:inline-block;width:18px;height:0;border-top:3px solid var(--c);vertical-align:middle;margin-right:5px}
.ek-legend i.ek-dash{border-top-style:dashed}.ek-legend i.ek-dot{border-top-style:dotted}
.ek-legend i.ek-box{height:10px;border:0;background:var(--c)}
img.ek-chart{display:block;width:100%;max-width:820px;height:auto}
img.ek-narrow{display:none}
@media (max-width:640px){
 .ek-metric .ek-mvalue{font-size:1.45rem}
 h3.ek-kpi-title{font-size:1.25rem}
 .ek-metrics{gap:8px 18px}
 .ek-bars{grid-template-columns:minmax(70px,38%) minmax(0,1fr);font-size:.82rem}
 img.ek-wide{display:none}
 img.ek-narrow{display:block}
}
@media print{.ek-tablewrap{overflow:visible}table.ek-table{font-size:9pt}.ek-bars,.ek-metrics,img.ek-chart{break-inside:avoid}}
"""


def e(value: object) -> str:
    return html.escape("" if value is None else str(value))


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    note: str | None = None  # the line under the figure (target's pace, coverage rate …)


def metrics(items: Iterable[Metric]) -> str:
    """A row of headline figures that wraps on a narrow screen (four across at 1920 px)."""
    cells = []
    for m in items:
        note = f'<div class="ek-mdelta">{e(m.note)}</div>' if m.note else ""
        cells.append(f'<div class="ek-metric" role="group" aria-label="{e(m.label)}">'
                     f'<div class="ek-mlabel">{e(m.label)}</div><div class="ek-mvalue">{e(m.value)}</div>{note}</div>')
    return f'<div class="ek-metrics">{"".join(cells)}</div>'


def notice(text: str) -> str:
    """A warning banner (st.warning's look) that needs no script of its own."""
    return f'<div class="ek-notice" role="status">{e(text)}</div>'


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not (isinstance(v, float) and math.isnan(v))


def table(frame: pd.DataFrame, label: str = "") -> str:
    """`frame` as an HTML table (its columns as headers, no index), scrolled sideways inside its own
    box when wider than a phone, never the page. Missing values are shown as "—"."""
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
                cells.append("<td>—</td>")
            elif _is_number(v):
                cells.append(f'<td class="ek-num">{e(v)}</td>')
            else:
                cells.append(f"<td>{e(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    aria = f' aria-label="{e(label)}"' if label else ""
    return (f'<div class="ek-tablewrap"><table class="ek-table"{aria}><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


@dataclass(frozen=True)
class Segment:
    value: float
    colour: str
    title: str  # the tooltip: what the segment is, in words and units


@dataclass(frozen=True)
class BarRow:
    label: str
    segments: Sequence[Segment]  # one for a ranking, several stacked for 按时/逾期/未报送
    text: str = ""  # written at the bar's end ("63.2", "无数据")


def bar_rows(rows: Sequence[BarRow], ref: float | None = None, ref_title: str = "") -> str:
    """Horizontal bars, one row per district, scaled to the largest total (and the reference line,
    when given, dashed in red: the target or the pace line). Negative values (a change that went the
    wrong way) grow left from a zero line. Rows keep the order given."""
    totals = [sum(s.value for s in r.segments) for r in rows]
    lo = min([0.0, *(t for t in totals), *([ref] if ref is not None else [])])
    hi = max([0.0, *(t for t in totals), *([ref] if ref is not None else [])])
    span = (hi - lo) or 1.0

    def pct(v: float) -> float:
        return 100 * (v - lo) / span * 0.86  # room at the right for the bar's text

    out = []
    for r, total in zip(rows, totals):
        segs, start = [], 0.0
        for s in r.segments:
            if s.value == 0:
                continue
            a, b = sorted((start, start + s.value))
            segs.append(f'<div class="ek-seg" title="{e(s.title)}" style="left:{pct(a):.2f}%;width:{pct(b) - pct(a):.2f}%;'
                        f'background:{e(s.colour)}"></div>')
            start += s.value
        text_at = pct(max(total, 0.0)) + 0.8
        text = f'<span class="ek-btext" style="left:{text_at:.2f}%">{e(r.text)}</span>' if r.text else ""
        marker = (f'<div class="ek-ref" title="{e(ref_title)}" style="left:{pct(ref):.2f}%"></div>'
                  if ref is not None else "")
        out.append(f'<div class="ek-blabel">{e(r.label)}</div><div class="ek-track">{"".join(segs)}{marker}{text}</div>')
    return f'<div class="ek-bars">{"".join(out)}</div>'


def legend(items: Iterable[tuple[str, str, str]]) -> str:
    """(name, colour, style) with style one of line, dash, dot, box."""
    parts = [f'<span><i class="ek-{e(style)}" style="--c:{e(colour)}"></i>{e(name)}</span>' for name, colour, style in items]
    return f'<div class="ek-legend">{"".join(parts)}</div>'
