"""Exports of a hand-made 20-KPI snapshot: PNG pages not blank and of the 16:9 size, PDF text carries
every KPI name, PPTX has its sections with native charts and Chinese fonts; failures are loud."""

import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from briefing import export, layout, slides
from briefing.browser import Chromium
from tests.briefing.conftest import kpi, snapshot_of, twenty_kpis


def test_png_pages_are_16_9_and_not_blank(snap20):
    pages = export.render_png(snap20, "1920x1080")
    assert len(pages) == 2  # the briefing and one table page of 20 rows
    for data in pages:
        img = Image.open(io.BytesIO(data))
        assert img.size == (1920, 1080)
        # many colours: text, chips and charts, not a flat page
        assert len(img.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200
    small = export.render_png(snap20, "1280x720")
    assert [Image.open(io.BytesIO(d)).size for d in small] == [(1280, 720), (1280, 720)]


def test_blank_or_wrong_size_images_are_refused():
    buf = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(buf, format="PNG")
    with pytest.raises(export.RenderError, match="空白"):
        export.check_png(buf.getvalue(), (1920, 1080))
    with pytest.raises(export.RenderError, match="尺寸"):
        export.check_png(buf.getvalue(), (1280, 720))


def test_pdf_has_every_page_and_kpi_name(snap20):
    data = export.render_pdf(snap20)
    pages = export.pdf_text(data)
    assert len(pages) == 2
    text = "".join("".join(pages).split())
    assert "温岭市教育局·2025年10月月度简报" in text
    for k in snap20["kpis"]:
        assert k["name"] in text, k["name"]  # 民 and 长 come back from their radical forms too
    assert "数据不完整" in text  # the KPI without data is stated on the face
    assert "第3期" in text


def test_pdf_check_reads_full_width_punctuation():
    # NFKC turns the full-width （） of the extracted text into (); the expected names are folded the same way
    snap = snapshot_of([kpi("K1", name="义务教育辍学学生数（控辍保学清零）", unit="人", comparator="<=", target=0, value=0,
                            kind="bureau_count", data_path="bureau", reported=1, expected_count=1)])
    export.check_pdf(export.render_pdf(snap), snap)


def test_pdf_check_fails_when_a_name_is_missing(snap20):
    data = export.render_pdf(snap20)
    other = snapshot_of(snap20["kpis"] + [kpi("K99", "不在文件里的指标")])
    with pytest.raises(export.RenderError, match="不在文件里的指标|页"):
        export.check_pdf(data, other)


def test_pptx_sections_charts_and_fonts(snap20):
    data = slides.render_pptx(snap20)
    prs = Presentation(io.BytesIO(data))
    # 20 KPIs at 12 rows per slide → two table slides
    headings = ["概况", "状态变化", "滞后与预警清单", "重点指标趋势", "全部指标一览（1/2）", "全部指标一览（2/2）"]
    # each section heading is the slide's real title placeholder (outline view, screen readers)
    assert [s.shapes.title.text for s in prs.slides] == headings
    assert all(s.shapes.title.is_placeholder and s.slide_layout.name == "Title Only" for s in prs.slides)
    assert [s.name for s in prs.slides] == headings
    summary = prs.slides[0]
    chart = next(sh.chart for sh in summary.shapes if sh.has_chart)
    values = list(chart.plots[0].series[0].values)
    counts = snap20["counts"]
    assert values == [counts[s] for s in ("达标", "预警", "滞后", "未到期", "无数据", "覆盖不足")]
    assert sum(values) == 20
    texts = " ".join(sh.text_frame.text for sh in summary.shapes if sh.has_text_frame)
    assert "温岭市教育局 · 2025年10月月度简报" in texts and "本月概述" in texts and "第 3 期" in texts
    trends = prs.slides[3]
    charts = [sh.chart for sh in trends.shapes if sh.has_chart]
    assert len(charts) == len(snap20["key_kpis"]) == 8
    assert all(len(c.plots[0].categories) == 10 for c in charts)  # January to October
    # every text run names an east-asian (Chinese) typeface
    for s in prs.slides:
        for sh in s.shapes:
            if sh.has_text_frame:
                for p in sh.text_frame.paragraphs:
                    for r in p.runs:
                        ea = r._r.find(qn("a:rPr")).find(qn("a:ea"))
                        assert ea is not None and ea.get("typeface") == slides.FONT_EA


def test_changes_and_attention_lists_with_owners(snap20):
    html = layout.render_html(snap20)
    changed = [k for k in snap20["kpis"] if k["prev_shown_status"] != k["shown_status"]]
    assert f"状态变化（较2025年9月）　{len(changed)} 项" in html
    attention = [k for k in snap20["kpis"] if k["shown_status"] in ("滞后", "预警")]
    assert f"滞后与预警清单　{len(attention)} 项" in html
    assert "责任科室：学前教育科" in html


def test_empty_sections_say_so_instead_of_a_blank_panel():
    snap = snapshot_of([kpi("K1", value=52.3, prev="达标")])
    html = layout.render_html(snap)
    assert "与2025年9月相比，没有指标的状态发生变化。" in html
    assert "本月没有滞后或预警的指标。" in html
    nothing = snapshot_of([kpi("K1", value=None, status="无数据", reported=0, trend=[])])
    html = layout.render_html(nothing)
    assert "本月尚无任何指标数据" in html and "本年尚无可绘制趋势的指标数据。" in html


def test_missing_browser_is_a_chinese_error(snap20, monkeypatch):
    export.render(snap20, "pdf")  # the shared browser is up ...
    monkeypatch.setenv("EDUKPI_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(export.RenderError, match="未找到 Chromium"):
        export.render(snap20, "png")  # ... and still the newly configured path is the one used


def test_unknown_format_and_size(snap20):
    with pytest.raises(export.RenderError, match="不支持的导出格式"):
        export.render(snap20, "gif")
    with pytest.raises(export.RenderError, match="不支持的尺寸"):
        export.render(snap20, "png", "800x600")


def test_every_character_has_a_glyph(snap20):
    text = export.visible_text(layout.render_html(snap20))
    assert "温岭市教育局" in text and "<" not in text
    assert export.missing_glyphs(text) == []


def test_characters_without_any_font_are_refused_before_rendering():
    # U+13000 (an Egyptian hieroglyph) has no font on this machine: it would be a tofu box
    snap = snapshot_of([kpi("K1", name="指标\U00013000名称")])
    assert export.missing_glyphs("中文\U00013000") == ["\U00013000"]
    for fmt in ("png", "pdf"):
        with pytest.raises(export.RenderError, match="U\\+13000"):
            export.render(snap, fmt)


def test_pptx_change_and_attention_tables_list_the_kpis_with_owners(snap20):
    prs = Presentation(io.BytesIO(slides.render_pptx(snap20)))

    def table_of(slide):
        table = next(sh.table for sh in slide.shapes if sh.has_table)
        return [[cell.text for cell in row.cells] for row in table.rows]

    changed = [k for k in snap20["kpis"] if k["prev_shown_status"] != k["shown_status"]]
    rows = table_of(prs.slides[1])
    assert rows[0] == ["指标", "2025年9月状态", "2025年10月状态", "当前值", "目标", "责任科室"]
    assert [r[0] for r in rows[1:]] == [k["name"] for k in changed][:slides.TABLE_ROWS_PER_SLIDE]
    attention = [k for k in snap20["kpis"] if k["shown_status"] in ("滞后", "预警")]
    rows = table_of(prs.slides[2])
    assert rows[0] == ["状态", "指标", "当前值", "目标", "报送覆盖", "责任科室"]
    assert sorted(r[1] for r in rows[1:]) == sorted(k["name"] for k in attention)[:slides.TABLE_ROWS_PER_SLIDE]
    assert {r[5] for r in rows[1:]} <= {k["owner"] for k in attention}


def test_pptx_empty_change_list_says_so():
    snap = snapshot_of([kpi("K1", value=52.3, prev="达标")])
    prs = Presentation(io.BytesIO(slides.render_pptx(snap)))
    texts = " ".join(sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame)
    assert "没有指标的状态发生变化" in texts


def test_pptx_check_refuses_a_deck_without_slide_titles(snap20):
    prs = Presentation(io.BytesIO(slides.render_pptx(snap20)))
    title = prs.slides[2].shapes.title
    title._element.getparent().remove(title._element)  # the 滞后与预警清单 slide loses its title
    buf = io.BytesIO()
    prs.save(buf)
    with pytest.raises(export.RenderError, match="幻灯片标题"):
        slides.check_pptx(buf.getvalue(), snap20)


# --- one long-lived Chromium, and the layout's fit checked in it ---------------------------------

def test_one_chromium_launch_serves_every_page_size_and_format(snap20, monkeypatch):
    from playwright.sync_api import BrowserType

    launched = []
    real_launch = BrowserType.launch

    def counting_launch(self, *args, **kwargs):
        launched.append(kwargs.get("executable_path"))
        return real_launch(self, *args, **kwargs)

    monkeypatch.setattr(BrowserType, "launch", counting_launch)
    service = Chromium()
    try:
        big = export.render(snap20, "png", "1920x1080", chromium=service)
        small = export.render(snap20, "png", "1280x720", chromium=service)
        pdf = export.render(snap20, "pdf", chromium=service)
    finally:
        service.close()
    # 2 + 2 screenshots and a 2-page PDF from a single Chromium process
    assert len(launched) == 1 and service.launches == 1
    assert [Image.open(io.BytesIO(d)).size for d in big + small] == [(1920, 1080)] * 2 + [(1280, 720)] * 2
    assert len(export.pdf_text(pdf[0])) == 2


def long_narrative_snapshot() -> dict:
    snap = snapshot_of(twenty_kpis())
    snap["narrative"] = snap["narrative"] * 3  # about 30 lines: far more than the 本月概述 panel holds
    return snap


def test_an_over_long_paragraph_stops_the_export_naming_its_panel():
    snap = long_narrative_snapshot()
    for fmt, size in (("png", "1920x1080"), ("png", "1280x720"), ("pdf", "1920x1080")):
        with pytest.raises(export.RenderError, match="第 1 页“本月概述”面板内容超出：需要 \\d+ 像素高") as exc:
            export.render(snap, fmt, size)
        assert "已停止导出" in str(exc.value)


def test_fit_problems_name_each_panel_that_overflows_or_leaves_the_frame():
    def item(kind, name="", label="", sh=100, ch=100, sw=50, cw=50, top=0, bottom=100, right=50, text=5, chart=None):
        return dict(kind=kind, name=name, label=label, sh=sh, ch=ch, sw=sw, cw=cw, top=top, bottom=bottom, left=0,
                    right=right, text=text, chart=chart)

    fine = [{"page": 1, "w": 1920, "h": 1080, "items": [item("panel", "attention"), item("mult", label="近视率", chart=200)]}]
    assert export.fit_problems(fine, (1920, 1080), 1) == []
    # a lower row squeezed by a long paragraph: the list needs 577 px and has 478
    squeezed = [{"page": 1, "w": 1920, "h": 1080, "items": [
        item("panel", "attention", sh=577, ch=478),
        item("panel", "trends", top=900, bottom=1130),  # pushed 50 px below the 1080 px frame
        item("mult", label="学生近视率", chart=20),  # 20 px < 6% of 1080 = 64.8 px
        item("panel", "changes", text=0),
        item("footer", sw=2000, cw=1862),
    ]}]
    assert export.fit_problems(squeezed, (1920, 1080), 1) == [
        "第 1 页“滞后与预警清单”面板内容超出：需要 577 像素高，只有 478 像素，下面的内容会被截掉",
        "第 1 页“重点指标趋势”面板超出了 16:9 画框",
        "第 1 页“重点指标趋势”中“学生近视率”的小图被挤压到 20 像素高，趋势线无法辨认",
        "第 1 页“状态变化”面板是空的",
        "第 1 页的页脚内容超出：需要 2000 像素宽，只有 1862 像素",
    ]
    assert export.fit_problems([], (1280, 720), 2) == ["版面有 0 页，应为 2 页"]
    wrong = [{"page": 1, "w": 1280, "h": 800, "items": []}]
    assert export.fit_problems(wrong, (1280, 720), 1) == ["第 1 页为 1280×800 像素，不是 1280×720 的 16:9 画框"]


def test_without_fontconfig_the_glyph_check_fails_instead_of_passing(snap20, monkeypatch):
    monkeypatch.setattr(export, "_fc_list", lambda pattern: None)  # no fc-list on this machine
    for fmt in ("png", "pdf"):
        with pytest.raises(export.RenderError, match="fc-list"):
            export.render(snap20, fmt)
    with pytest.raises(export.RenderError, match="无法检查中文字形"):
        export.missing_glyphs("温岭")
    assert export.missing_glyphs("ASCII only") == []  # nothing to look up: no need for fontconfig
    slides.check_pptx(export.render(snap20, "pptx")[0], snap20)  # the deck does not depend on local fonts


def test_axis_labels_use_the_briefings_precision():
    # the lowest point of 公办园在园幼儿占比 is its current 63.317081%: 63.32 as on its card, not 63.3
    assert layout.axis_label(63.317081, "%") == "63.32"
    assert layout.axis_label(15814.166667, "人次") == "15,815"  # a pace point of a count: whole, rounded up
    assert layout.axis_label(1502, "人次") == "1,502" and layout.axis_label(2.116, "小时") == "2.12"
    snap = snapshot_of([kpi("K1", value=63.317081, target=75, status="滞后",
                            trend=[{"period": m, "value": 63.317081, "expected": 75, "status": "滞后"} for m in
                                   ["2025-01", "2025-02"]])])
    svg = layout.spark_svg(snap["kpis"][0], ["2025-01", "2025-02"])
    assert ">63.32<" in svg and ">75<" in svg and ">63.3<" not in svg
