"""The briefing's fixed 16:9 layout: a self-contained HTML document rendered from a snapshot.

Every size is in vw, so the same document is exact at 1920×1080 and 1280×720 (and scales inside the
Streamlit page's iframe). Charts are inline SVG drawn here from the snapshot's series: no scripts,
no CDN, no web fonts — only the system CJK fonts. Page 1 is the screenshot-ready briefing; the
following pages list every KPI. Empty sections say so in words, never show a blank panel."""

from __future__ import annotations

import html
from typing import Any

from briefing.narrative import DIGITS, q
from briefing.snapshot import attention_kpis, changed_kpis
from kpis.compute import STATUS_COLOURS, WITHHELD_COLOUR, WITHHELD_LABEL
from kpis import clock
from kpis.formatting import COUNT_UNITS, number, pace_figure
from kpis.vocabulary import Status

SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}
ROWS_PER_PAGE = 20  # KPI table rows per appendix page
MAX_CHANGES = 7
MAX_ATTENTION = 8
# The panels' names as the export's fit check reports them (data-panel → heading).
PANEL_NAMES = {"gaps": "数据不完整提示", "summary": "状态概览", "narrative": "本月概述", "changes": "状态变化",
               "attention": "滞后与预警清单", "trends": "重点指标趋势", "table": "全部指标一览",
               "fu_opened": "新发起的督办", "fu_closed": "已办结的督办", "fu_overdue": "逾期未办结的督办",
               "fu_untracked": "连续两个月滞后、未安排督办"}
MAX_FOLLOWUP = 5  # items listed per 督办 panel; the rest are counted
FONTS = '"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","微软雅黑","PingFang SC",sans-serif'


def colour_of(status: str | None) -> str:
    if status == WITHHELD_LABEL:
        return WITHHELD_COLOUR
    return STATUS_COLOURS.get(status or "", "#9e9e9e")


def e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def chip(status: str | None) -> str:
    if not status:
        return '<span class="chip" style="background:#cfd6de;color:#33404d">无上月数据</span>'
    return f'<span class="chip" style="background:{colour_of(status)}">{e(status)}</span>'


def title_of(snap: dict[str, Any]) -> str:
    return f"{snap['plan']['bureau']} · {snap['period_label']}月度简报"


def page_count(snap: dict[str, Any]) -> int:
    return 1 + followup_pages(snap) + max(1, -(-len(snap["kpis"]) // ROWS_PER_PAGE))


def followup_pages(snap: dict[str, Any]) -> int:
    """1 when the snapshot carries the 督办 section (page 2), 0 for snapshots made before it existed."""
    return 1 if snap.get("followup") is not None else 0


def data_gaps(snap: dict[str, Any]) -> str | None:
    """The missing-data warning stated on the briefing's face, or None when every figure is there."""
    missing = [k for k in snap["kpis"] if k["value"] is None]
    withheld = [k for k in snap["kpis"] if k.get("withheld")]
    parts = []
    if not snap["kpis"]:
        return "本期没有适用的指标，简报无内容可报告。"
    if len(missing) == len(snap["kpis"]):
        return "本月尚无任何指标数据：以下内容均为“无数据”，请各学校和科室报送后重新生成简报。"
    if missing:
        parts.append(f"{len(missing)}项指标本月无数据（{'、'.join(k['name'] for k in missing[:3])}{'等' if len(missing) > 3 else ''}）")
    if withheld:
        parts.append(f"{len(withheld)}项指标报送覆盖不足、暂不判断")
    return "数据不完整：" + "；".join(parts) + "。" if parts else None


def coverage_line(snap: dict[str, Any]) -> str:
    c = snap["coverage"]
    parts = []
    if c["school_kpis"]:
        pct = f"（{q(c['reported'] / c['expected'] * 100, '%')}）" if c["expected"] else ""
        parts.append(f"学校报送 {number(c['reported'])}/{number(c['expected'])} 校次{pct}")
    if c["bureau_kpis"]:
        parts.append(f"科室填报 {c['bureau_reported']}/{c['bureau_kpis']} 项")
    return "数据覆盖：" + ("　·　".join(parts) if parts else "无")


# --- small multiples ------------------------------------------------------------------------

def axis_label(v: float, unit: str) -> str:
    """A small multiple's end-of-axis figure (the series' highest or lowest value or pace point) in
    the precision the briefing uses for that figure elsewhere: 63.32 as on the card, counts whole
    and, like the paragraph's pace figures, rounded up (15,814.17 → 15,815)."""
    return number(pace_figure(v, unit) if unit in COUNT_UNITS else v, DIGITS)


def spark_svg(k: dict[str, Any], months: list[str]) -> str:
    """A small line chart of the KPI over the plan year, with its target (or pace) line dashed."""
    W, H, L, R, T, B = 300.0, 230.0, 62.0, 10.0, 12.0, 28.0
    pts = {p["period"]: p for p in k["trend"]}
    vals = [pts[m]["value"] for m in months if m in pts and pts[m]["value"] is not None]
    exps = [pts[m]["expected"] for m in months if m in pts and pts[m]["expected"] is not None]
    if not vals:
        return (f'<svg viewBox="0 0 {W:g} {H:g}" class="spark" role="img" aria-label="无数据">'
                f'<rect x="0" y="0" width="{W:g}" height="{H:g}" fill="#f4f6f8" rx="6"/>'
                f'<text x="{W / 2:g}" y="{H / 2 + 6:g}" text-anchor="middle" class="svgtxt" fill="#6b7785">本年无数据</text></svg>')
    lo, hi = min(vals + exps), max(vals + exps)
    if hi - lo < 1e-9:
        lo, hi = lo - (abs(lo) * 0.1 or 1), hi + (abs(hi) * 0.1 or 1)
    pad = (hi - lo) * 0.12
    lo, hi = lo - pad, hi + pad
    n = max(1, len(months) - 1)

    def x(i: int) -> float:
        return L + (W - L - R) * (i / n if len(months) > 1 else 0.5)

    def y(v: float) -> float:
        return T + (H - T - B) * (1 - (v - lo) / (hi - lo))

    parts = [f'<svg viewBox="0 0 {W:g} {H:g}" class="spark" role="img" aria-label="{e(k["name"])}趋势">',
             f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="#c9d1da" stroke-width="1"/>']
    target_pts = [(x(i), y(pts[m]["expected"])) for i, m in enumerate(months)
                  if m in pts and pts[m]["expected"] is not None]
    if target_pts:
        path = " ".join(f"{a:.1f},{b:.1f}" for a, b in target_pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#5c6b7a" stroke-width="1.5" stroke-dasharray="5 4"/>')
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, m in enumerate(months):
        v = pts.get(m, {}).get("value")
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(v):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) == 1:
            a, b = seg[0].split(",")
            parts.append(f'<circle cx="{a}" cy="{b}" r="3" fill="#2b5d8c"/>')
        else:
            parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="#2b5d8c" stroke-width="3.5"/>')
    last = max((i for i, m in enumerate(months) if pts.get(m, {}).get("value") is not None), default=None)
    if last is not None:
        p = pts[months[last]]
        parts.append(f'<circle cx="{x(last):.1f}" cy="{y(p["value"]):.1f}" r="7" fill="{colour_of(p["status"])}"'
                     f' stroke="#fff" stroke-width="1.5"/>')
    for v in (hi - pad, lo + pad):
        parts.append(f'<text x="{L - 4}" y="{y(v) + 4:.1f}" text-anchor="end" class="svgtxt">{e(axis_label(v, k["unit"]))}</text>')
    parts.append(f'<text x="{x(0):.1f}" y="{H - 6}" text-anchor="start" class="svgtxt">{int(months[0][5:])}月</text>')
    parts.append(f'<text x="{x(len(months) - 1):.1f}" y="{H - 6}" text-anchor="end" class="svgtxt">{int(months[-1][5:])}月</text>')
    parts.append("</svg>")
    return "".join(parts)


def multiple(k: dict[str, Any], months: list[str]) -> str:
    t = k["texts"]
    return (f'<div class="mult" data-kpi="{e(k["code"])}"><div class="mhead"><span class="mname">{e(k["name"])}</span>'
            f'{chip(k["shown_status"])}</div><div class="mval">{e(t["value"])}<span class="mtarget">目标 {e(t["target"])}</span></div>'
            f'{spark_svg(k, months)}</div>')


# --- pages ----------------------------------------------------------------------------------

def _header(snap: dict[str, Any], page: int, pages: int) -> str:
    created = clock.stamp(snap.get("created_at"))[:10]  # the Beijing date (written in UTC)
    number_text = f"第 {snap['number']} 期" if snap.get("number") else "预览（未保存为快照）"
    meta = f"{number_text}　·　数据截至 {snap['period_label']}" + (f"　·　生成于 {created}" if created else "")
    return (f'<header><div><h1>{e(title_of(snap))}</h1><div class="plan">{e(snap["plan"]["title"])}</div></div>'
            f'<div class="meta">{e(meta)}<br>{e(coverage_line(snap))}</div></header>')


def _footer(snap: dict[str, Any], page: int, pages: int) -> str:
    pct = round(snap["coverage_threshold"] * 100)
    return (f'<footer><span>注：报送覆盖低于{pct}%的指标不着色（记为“覆盖不足”）；累计类指标按全年线性进度判断；'
            f'趋势图虚线为目标或进度线。</span><span>EduKPI 教育工作要点指标看板　第 {page}/{pages} 页</span></footer>')


def _summary(snap: dict[str, Any]) -> str:
    tiles = []
    for s in (*Status, WITHHELD_LABEL):
        tiles.append(f'<div class="tile" style="border-top-color:{colour_of(s)}"><div class="tnum" style="color:{colour_of(s)}">'
                     f'{snap["counts"].get(s, 0)}</div><div class="tlab">{e(s)}</div></div>')
    return (f'<section class="panel" data-panel="summary"><h2>状态概览　共 {len(snap["kpis"])} 项指标</h2>'
            f'<div class="tiles">{"".join(tiles)}</div></section>')


def _narrative(snap: dict[str, Any]) -> str:
    return (f'<section class="panel" data-panel="narrative"><h2>本月概述</h2>'
            f'<p class="narr">{e("".join(snap["narrative"]))}</p></section>')


def _list_panel(name: str, heading: str, rows: list[dict[str, Any]], render, limit: int, where: str,  # noqa: ANN001
                empty: str) -> str:
    """A panel of `heading`　N 项 listing the first `limit` rows as `render(row)` (an <li>), "另有 M 项，
    见{where}。" for the rest, and `empty` when there are none (`heading` and `empty` are HTML)."""
    if not rows:
        body = f'<p class="none">{empty}</p>'
    else:
        more = f'<p class="more">另有 {len(rows) - limit} 项，见{where}。</p>' if len(rows) > limit else ""
        body = f'<ul class="list">{"".join(render(r) for r in rows[:limit])}</ul>{more}'
    return f'<section class="panel" data-panel="{name}"><h2>{heading}　{len(rows)} 项</h2>{body}</section>'


def _changes(snap: dict[str, Any]) -> str:
    return _list_panel(
        "changes", f'状态变化（较{e(snap["previous_label"])}）', changed_kpis(snap),
        lambda k: (f'<li><div class="lname">{e(k["name"])}</div><div class="lsub">{chip(k["prev_shown_status"])}'
                   f'<span class="arrow">→</span>{chip(k["shown_status"])}<span class="lval">{e(k["texts"]["value"])}</span></div></li>'),
        MAX_CHANGES, "附表", f'与{e(snap["previous_label"])}相比，没有指标的状态发生变化。')


def _attention(snap: dict[str, Any]) -> str:
    return _list_panel(
        "attention", "滞后与预警清单", attention_kpis(snap),
        lambda k: (f'<li><div class="lname">{chip(k["shown_status"])} {e(k["name"])}</div>'
                   f'<div class="lsub">{e(k["texts"]["value"])}　目标 {e(k["texts"]["target"])}'
                   f'<span class="owner">责任科室：{e(k["owner"])}</span></div></li>'),
        MAX_ATTENTION, "附表", "本月没有滞后或预警的指标。")


def _multiples(snap: dict[str, Any]) -> str:
    by_code = {k["code"]: k for k in snap["kpis"]}
    keys = [by_code[c] for c in snap["key_kpis"] if c in by_code]
    if not keys:
        body = '<p class="none">本年尚无可绘制趋势的指标数据。</p>'
    else:
        body = f'<div class="mults">{"".join(multiple(k, snap["months"]) for k in keys)}</div>'
    return f'<section class="panel" data-panel="trends"><h2>重点指标趋势（{e(snap["months"][0][:4])}年）</h2>{body}</section>'


def _table_page(snap: dict[str, Any], rows: list[dict[str, Any]], page: int, pages: int, start: int) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("编号", "指标", "当前值", "目标", "状态", "上月状态", "较上月", "报送覆盖", "责任科室"))
    body = []
    for k in rows:
        t = k["texts"]
        body.append(f'<tr><td>{e(k["code"])}</td><td class="tname">{e(k["name"])}</td><td>{e(t["value"])}</td>'
                    f'<td>{e(t["target"])}</td><td>{chip(k["shown_status"])}</td><td>{chip(k["prev_shown_status"])}</td>'
                    f'<td>{e(t["change"].replace("较上月", "").lstrip("：").strip() or "—")}</td><td>{e(t["coverage"])}</td><td>{e(k["owner"])}</td></tr>')
    if not rows:
        body.append('<tr><td colspan="9" class="none">本期没有适用的指标。</td></tr>')
    end = start + len(rows)
    return (f'<div class="page" data-page="{page}">{_header(snap, page, pages)}<div class="gap"></div>'
            f'<section class="panel tablepanel" data-panel="table"><h2>全部指标一览（第 {start + 1}–{max(end, start + 1)} 项，共 {len(snap["kpis"])} 项）</h2>'
            f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></section>'
            f'{_footer(snap, page, pages)}</div>')


def _fu_panel(name: str, title: str, rows: list[dict[str, Any]], empty: str) -> str:
    return _list_panel(
        name, e(title), rows,
        lambda o: (f'<li><div class="lname">{e(o["name"])}<span class="owner">{e(o["owner"])}　期限 {e(o["due"])}</span></div>'
                   f'<div class="lsub">{e(o["scope"])}　·　{e(o["state"])}</div>'
                   f'<div class="lsub">原因：{e(o["cause"])}</div><div class="lsub">措施：{e(o["measures"])}</div></li>'),
        MAX_FOLLOWUP, "“督办”页面", e(empty))


def _followup_page(snap: dict[str, Any], page: int, pages: int) -> str:
    f = snap["followup"]
    since = "上期简报以来" if f["since"] else "截至目前"
    twice = f["behind_twice_untracked"]
    untracked = ('<p class="none">没有连续两个月滞后而未安排督办的指标。</p>' if not twice else
                 '<ul class="list">' + "".join(f'<li><div class="lname">{e(k["name"])}<span class="owner">责任科室：'
                                               f'{e(k["owner"])}</span></div></li>' for k in twice[:MAX_FOLLOWUP]) + "</ul>")
    return (f'<div class="page" data-page="{page}">{_header(snap, page, pages)}<div class="gap"></div>'
            f'<div class="fugrid">'
            + _fu_panel("fu_overdue", f"逾期未办结（截至 {f['today']}）", f["overdue"], "没有逾期未办结的督办事项。")
            + _fu_panel("fu_opened", f"{since}新发起", f["opened"], f"{since}没有新发起的督办事项。")
            + _fu_panel("fu_closed", f"{since}已办结", f["closed"], f"{since}没有办结的督办事项。")
            + f'<section class="panel" data-panel="fu_untracked"><h2>连续两个月滞后、未安排督办　{len(twice)} 项</h2>'
            f'{untracked}</section></div>{_footer(snap, page, pages)}</div>')


CSS = """
@page { size: 1920px 1080px; margin: 0 }
* { box-sizing: border-box }
html, body { margin: 0; padding: 0; background: #ffffff; overflow-x: hidden }
body { font-family: %FONTS%; color: #1d2733; font-size: 0.8vw; -webkit-print-color-adjust: exact; print-color-adjust: exact }
::-webkit-scrollbar { display: none }
.page { width: 100vw; height: 56.25vw; overflow: hidden; position: relative; background: #f5f7fa;
        padding: 1.1vw 1.5vw 0.8vw; display: flex; flex-direction: column; break-after: page; page-break-after: always }
header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 0.2vw solid #1f4e79;
         padding-bottom: 0.5vw; flex: none }
h1 { font-size: 1.75vw; margin: 0; color: #1f4e79; letter-spacing: 0.05vw }
.plan { font-size: 0.85vw; color: #4a5868; margin-top: 0.2vw }
.meta { text-align: right; font-size: 0.75vw; color: #4a5868; line-height: 1.5 }
.warn { flex: none; margin-top: 0.5vw; background: #fff4e5; border-left: 0.3vw solid #ef8c00; color: #8a4b00;
        padding: 0.35vw 0.8vw; font-size: 0.85vw; font-weight: 600 }
.gap { height: 0.6vw; flex: none }
.row1 { display: grid; grid-template-columns: 1fr 2.1fr; gap: 0.8vw; flex: none }
.row1 > .panel { max-height: 15vw }  /* a long paragraph overflows its own panel (and fails the export's
                                        fit check by name) instead of squeezing the lists below */
.row2 { display: grid; grid-template-columns: 1fr 1.15fr 2.1fr; gap: 0.8vw; flex: 1; min-height: 0; margin-top: 0.8vw }
.panel { background: #fff; border-radius: 0.5vw; padding: 0.7vw 0.9vw; box-shadow: 0 0.05vw 0.2vw rgba(0,0,0,.08);
         overflow: hidden; min-height: 0 }
h2 { font-size: 0.95vw; margin: 0 0 0.5vw; color: #1f4e79 }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.5vw }
.tile { border-top: 0.25vw solid; background: #f7f9fb; border-radius: 0.3vw; padding: 0.3vw 0.5vw; text-align: center }
.tnum { font-size: 1.9vw; font-weight: 700; line-height: 1.2 }
.tlab { font-size: 0.8vw; color: #4a5868 }
.narr { margin: 0; font-size: 0.8vw; line-height: 1.55; text-align: justify }
.list { list-style: none; margin: 0; padding: 0 }
.list li { padding: 0.35vw 0; border-bottom: 0.05vw solid #e6eaf0 }
.lname { font-weight: 600; font-size: 0.82vw; line-height: 1.4 }
.lsub { font-size: 0.75vw; color: #4a5868; margin-top: 0.15vw; line-height: 1.5 }
.owner { float: right; color: #1f4e79 }
.lval { margin-left: 0.5vw }
.arrow { margin: 0 0.3vw; color: #4a5868 }
.chip { display: inline-block; color: #fff; border-radius: 0.6vw; padding: 0 0.45vw; font-size: 0.7vw;
        line-height: 1.45; white-space: nowrap; font-weight: 600 }
.none { color: #4a5868; font-size: 0.85vw; margin: 0.4vw 0 }
.more { color: #4a5868; font-size: 0.75vw; margin: 0.3vw 0 0 }
[data-panel=trends] { display: flex; flex-direction: column }
[data-panel=trends] h2 { flex: none }
.mults { display: grid; grid-template-columns: repeat(4, 1fr); grid-auto-rows: 1fr; gap: 0.6vw; flex: 1; min-height: 0 }
.mult { background: #f7f9fb; border-radius: 0.35vw; padding: 0.4vw 0.5vw; display: flex; flex-direction: column; min-height: 0; overflow: hidden }
.mhead { display: flex; justify-content: space-between; gap: 0.3vw; align-items: flex-start }
.mname { font-size: 0.75vw; font-weight: 600; line-height: 1.3; overflow: hidden; display: -webkit-box;
         -webkit-line-clamp: 2; -webkit-box-orient: vertical }
.mval { font-size: 1.05vw; font-weight: 700; margin: 0.15vw 0 }
.mtarget { font-size: 0.65vw; font-weight: 400; color: #4a5868; margin-left: 0.4vw }
.spark { width: 100%; flex: 1; min-height: 0 }
.svgtxt { font-size: 17px; fill: #4a5868; font-family: %FONTS% }
footer { flex: none; display: flex; justify-content: space-between; font-size: 0.65vw; color: #6b7785; margin-top: 0.5vw }
.tablepanel { flex: 1 }
table { width: 100%; border-collapse: collapse; font-size: 0.78vw }
th { text-align: left; background: #eef2f6; color: #1f4e79; padding: 0.35vw 0.4vw; font-weight: 600 }
td { padding: 0.3vw 0.4vw; border-bottom: 0.05vw solid #e6eaf0; white-space: nowrap }
td.tname { white-space: normal; max-width: 22vw }
.fugrid { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: 1fr 1fr; gap: 0.8vw; flex: 1; min-height: 0 }
""".replace("%FONTS%", FONTS)


def render_html(snap: dict[str, Any], pages_shown: str = "all") -> str:
    """The briefing as one HTML document: page 1 (the 16:9 briefing) and the KPI table pages.

    ``pages_shown`` is "all" (exports), "first" (the page's 16:9 frame) or "appendix" (the tables)."""
    pages = page_count(snap)
    warn = data_gaps(snap)
    first = (f'<div class="page" data-page="1">{_header(snap, 1, pages)}'
             + (f'<div class="warn" data-panel="gaps">{e(warn)}</div>' if warn else "")
             + f'<div class="gap"></div><div class="row1">{_summary(snap)}{_narrative(snap)}</div>'
             f'<div class="row2">{_changes(snap)}{_attention(snap)}{_multiples(snap)}</div>'
             f'{_footer(snap, 1, pages)}</div>')
    body = [first] if pages_shown in ("all", "first") else []
    extra = followup_pages(snap)
    if pages_shown in ("all", "appendix"):
        if extra:
            body.append(_followup_page(snap, 2, pages))
        kpis = snap["kpis"]
        chunks = [kpis[i:i + ROWS_PER_PAGE] for i in range(0, len(kpis), ROWS_PER_PAGE)] or [[]]
        for i, chunk in enumerate(chunks):
            body.append(_table_page(snap, chunk, i + 2 + extra, pages, i * ROWS_PER_PAGE))
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title_of(snap))}</title>'
            f'<style>{CSS}</style></head><body>{"".join(body)}</body></html>')
