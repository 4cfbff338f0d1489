"""The briefing as a PowerPoint deck (python-pptx): one slide per section, 16:9.

Slides: 概况 (status counts as a native, editable bar chart, the paragraph and the data-coverage
line), 状态变化, 滞后与预警清单, 重点指标趋势 (native line charts of the key KPIs, with the target
or pace line) and 全部指标一览 (tables, as many slides as needed). Every text run carries a Chinese
east-asian font (a:ea) so PowerPoint and WPS never fall back to a font without CJK glyphs."""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from briefing import layout
from briefing.errors import RenderError
from briefing.snapshot import attention_kpis, changed_kpis
from kpis.vocabulary import Status

FONT_LATIN = "Microsoft YaHei"
FONT_EA = "微软雅黑"  # the east-asian font of Chinese Office; WPS and LibreOffice substitute Noto CJK
TABLE_ROWS_PER_SLIDE = 12
BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x4A, 0x58, 0x68)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def set_font(font, size: float | None = None, bold: bool | None = None, colour: RGBColor | None = None) -> None:
    """Latin and east-asian typeface on a run's (or a chart's) character properties."""
    font.name = FONT_LATIN
    rpr = font._rPr
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            latin = rpr.find(qn("a:latin"))
            if latin is not None:
                latin.addnext(el) if tag == "a:ea" else rpr.find(qn("a:ea")).addnext(el)
            else:
                rpr.append(el)
        el.set("typeface", FONT_EA)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = colour


def _text(slide, left, top, width, height, paragraphs: list[tuple[str, float, bool, RGBColor | None]]):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    for i, (text, size, bold, colour) in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = text
        set_font(run.font, size, bold, colour)
        p.space_after = Pt(4)
    return box


def _title_only(prs):
    """The template's 'Title Only' layout: a real title placeholder, so PowerPoint/WPS outline view,
    accessibility checkers and slide sorters see each section's heading as the slide title."""
    return next(lay for lay in prs.slide_layouts if lay.name == "Title Only")


def _slide(prs, snap: dict[str, Any], heading: str):
    slide = prs.slides.add_slide(_title_only(prs))
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.15), Inches(12.5), Inches(0.65)
    tf = title.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.BOTTOM
    tf.text = heading
    tf.paragraphs[0].alignment = PP_ALIGN.LEFT
    set_font(tf.paragraphs[0].runs[0].font, 26, True, BLUE)
    number = f"第 {snap['number']} 期" if snap.get("number") else "预览"
    _text(slide, Inches(0.4), Inches(0.8), Inches(12.5), Inches(0.5), [
        (f"{layout.title_of(snap)}　·　{snap['plan']['title']}　·　{number}　·　{layout.coverage_line(snap)}",
         11, False, GREY),
    ])
    slide.name = heading
    return slide


def _table(slide, rows: list[list[str]], left, top, width, col_widths: list[float], font_size: float = 11):
    shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width, Inches(0.35) * len(rows))
    table = shape.table
    total = sum(col_widths)
    for i, w in enumerate(col_widths):
        table.columns[i].width = Emu(int(width * w / total))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    set_font(run.font, font_size, r == 0, None)
    return table


def _summary_slide(prs, snap):
    slide = _slide(prs, snap, "概况")
    statuses = [*Status, layout.WITHHELD_LABEL]
    data = CategoryChartData()
    data.categories = statuses
    data.add_series("指标数（项）", [snap["counts"].get(s, 0) for s in statuses])
    gf = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.4), Inches(1.3), Inches(4.6), Inches(4.2), data)
    chart = gf.chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = f"状态概览（共 {len(snap['kpis'])} 项指标）"
    set_font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True, BLUE)
    set_font(chart.font, 11)
    plot = chart.plots[0]
    plot.has_data_labels = True
    for i, s in enumerate(statuses):
        point = plot.series[0].points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(layout.colour_of(s))
    paras = [("本月概述", 16, True, BLUE), ("".join(snap["narrative"]), 13, False, None)]
    gaps = layout.data_gaps(snap)
    if gaps:
        paras.insert(0, (gaps, 13, True, RGBColor(0x8A, 0x4B, 0x00)))
    _text(slide, Inches(5.3), Inches(1.3), Inches(7.6), Inches(5.6), paras)
    return slide


def _changes_slide(prs, snap):
    header = ["指标", f"{snap['previous_label']}状态", f"{snap['period_label']}状态", "当前值", "目标", "责任科室"]
    return _kpi_table_slide(
        prs, snap, "状态变化", changed_kpis(snap), f"与{snap['previous_label']}相比，没有指标的状态发生变化。",
        header, lambda k: [k["name"], k["prev_shown_status"], k["shown_status"], k["texts"]["value"],
                           k["texts"]["target"], k["owner"]], [4, 1.4, 1.4, 2, 2, 1.8])


def _attention_slide(prs, snap):
    header = ["状态", "指标", "当前值", "目标", "报送覆盖", "责任科室"]
    return _kpi_table_slide(
        prs, snap, "滞后与预警清单", attention_kpis(snap), "本月没有滞后或预警的指标。",
        header, lambda k: [k["shown_status"], k["name"], k["texts"]["value"], k["texts"]["target"],
                           k["texts"]["coverage"], k["owner"]], [0.9, 4, 2, 2, 1.8, 1.8])


def _followup_slide(prs, snap):
    """督办: overdue items first, then those opened and closed since the last briefing (one row each)."""
    f = snap["followup"]
    rows = ([("逾期", o) for o in f["overdue"]] + [("新发起", o) for o in f["opened"] if not o["overdue"]]
            + [("已办结", o) for o in f["closed"]])
    header = ["类别", "指标", "责任单位", "办结期限", "状态", "原因分析", "整改措施"]
    slide = _kpi_table_slide(prs, snap, "督办事项", rows, "上期简报以来没有新发起、办结或逾期的督办事项。", header,
                             lambda r: [r[0], r[1]["name"], r[1]["owner"], r[1]["due"], r[1]["state"],
                                        r[1]["cause"], r[1]["measures"]], [0.8, 2.4, 1.4, 1.4, 1.4, 2.6, 2.6])
    if f["behind_twice_untracked"]:
        _text(slide, Inches(0.4), Inches(6.4), Inches(12.5), Inches(0.4),
              [("连续两个月滞后且未安排督办：" + "、".join(k["name"] for k in f["behind_twice_untracked"]), 12, True,
                None)])
    return slide


def _kpi_table_slide(prs, snap, title, rows, empty_text, header, cells, widths):
    """A slide with one table row per KPI (the first TABLE_ROWS_PER_SLIDE), or a sentence when none."""
    slide = _slide(prs, snap, title)
    if not rows:
        _text(slide, Inches(0.4), Inches(1.4), Inches(12), Inches(1), [(empty_text, 16, False, GREY)])
        return slide
    table = [header] + [cells(k) for k in rows[:TABLE_ROWS_PER_SLIDE]]
    _table(slide, table, Inches(0.4), Inches(1.4), Inches(12.5), widths)
    if len(rows) > TABLE_ROWS_PER_SLIDE:
        _text(slide, Inches(0.4), Inches(6.8), Inches(12), Inches(0.4),
              [(f"另有 {len(rows) - TABLE_ROWS_PER_SLIDE} 项，见“全部指标一览”。", 11, False, GREY)])
    return slide


def _trends_slide(prs, snap):
    slide = _slide(prs, snap, "重点指标趋势")
    by_code = {k["code"]: k for k in snap["kpis"]}
    keys = [by_code[c] for c in snap["key_kpis"] if c in by_code]
    if not keys:
        _text(slide, Inches(0.4), Inches(1.4), Inches(12), Inches(1), [("本年尚无可绘制趋势的指标数据。", 16, False, GREY)])
        return slide
    months = snap["months"]
    cols, w, h = 4, Inches(3.1), Inches(2.85)
    for i, k in enumerate(keys):
        pts = {p["period"]: p for p in k["trend"]}
        data = CategoryChartData()
        data.categories = [f"{int(m[5:])}月" for m in months]
        unit = k["unit"]
        data.add_series(f"实际（{unit}）" if unit else "实际", [pts.get(m, {}).get("value") for m in months])
        if any(pts.get(m, {}).get("expected") is not None for m in months):
            data.add_series("目标/进度", [pts.get(m, {}).get("expected") for m in months])
        x = Inches(0.4) + (w + Inches(0.05)) * (i % cols)
        y = Inches(1.35) + (h + Inches(0.1)) * (i // cols)
        chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, x, y, w, h, data).chart
        chart.has_title = True
        chart.chart_title.text_frame.text = f"{k['name']}（{k['shown_status']}）"
        set_font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 10, True,
                 _rgb(layout.colour_of(k["shown_status"])))
        set_font(chart.font, 8)
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        series = chart.plots[0].series
        series[0].format.line.color.rgb = RGBColor(0x2B, 0x5D, 0x8C)
        if len(series) > 1:
            series[1].format.line.color.rgb = RGBColor(0x5C, 0x6B, 0x7A)
            series[1].format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            series[1].marker.style = None
    return slide


def _table_slides(prs, snap):
    kpis = snap["kpis"]
    chunks = [kpis[i:i + TABLE_ROWS_PER_SLIDE] for i in range(0, len(kpis), TABLE_ROWS_PER_SLIDE)] or [[]]
    out = []
    for n, chunk in enumerate(chunks):
        title = "全部指标一览" + (f"（{n + 1}/{len(chunks)}）" if len(chunks) > 1 else "")
        slide = _slide(prs, snap, title)
        if not chunk:
            _text(slide, Inches(0.4), Inches(1.4), Inches(12), Inches(1), [("本期没有适用的指标。", 16, False, GREY)])
        else:
            rows = [["编号", "指标", "当前值", "目标", "状态", "上月状态", "报送覆盖", "责任科室"]]
            rows += [[k["code"], k["name"], k["texts"]["value"], k["texts"]["target"], k["shown_status"],
                      k["prev_shown_status"] or "无上月数据", k["texts"]["coverage"], k["owner"]] for k in chunk]
            _table(slide, rows, Inches(0.4), Inches(1.35), Inches(12.5), [1.1, 3.6, 1.7, 1.5, 0.9, 1.1, 1.5, 1.7], 10)
        out.append(slide)
    return out


def slide_titles(snap: dict[str, Any]) -> list[str]:
    """The section titles the deck must have, in order (used by the self-check and the tests)."""
    n = max(1, -(-len(snap["kpis"]) // TABLE_ROWS_PER_SLIDE))
    tables = ["全部指标一览"] if n == 1 else [f"全部指标一览（{i + 1}/{n}）" for i in range(n)]
    return ["概况", "状态变化", "滞后与预警清单", *(["督办事项"] if snap.get("followup") is not None else []),
            "重点指标趋势", *tables]


def check_pptx(data: bytes, snap: dict[str, Any]) -> None:

    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        raise RenderError(f"PPTX 无法读取：{exc}") from exc
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]
    if titles != slide_titles(snap) or [s.name for s in prs.slides] != titles:
        raise RenderError(f"PPTX 的幻灯片标题为 {titles}，应为 {slide_titles(snap)}。")
    for s in prs.slides:
        # the title and the briefing line, then at least one chart, table or sentence
        if len(list(s.shapes)) < 3:
            raise RenderError(f"PPTX 的“{s.shapes.title.text}”页是空的。")


def render_pptx(snap: dict[str, Any]) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.core_properties.title = layout.title_of(snap)
    prs.core_properties.language = "zh-CN"
    _summary_slide(prs, snap)
    _changes_slide(prs, snap)
    _attention_slide(prs, snap)
    if snap.get("followup") is not None:
        _followup_slide(prs, snap)
    _trends_slide(prs, snap)
    _table_slides(prs, snap)
    buf = io.BytesIO()
    prs.save(buf)
    data = buf.getvalue()
    check_pptx(data, snap)
    return data
