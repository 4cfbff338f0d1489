"""An admin pastes a new plan in a real browser, reviews the highlighted targets and saves it."""

import pytest
from sqlalchemy import select

from db.models import Plan
from db.session import read_session
from tests.cleanup import remove_plan
from tests.browser.conftest import assert_no_exception, sign_in, wait_for_app

pytestmark = pytest.mark.browser

TEXT = """浏览器市教育局2020年工作要点
一、推进优质均衡
1.扩大学前资源。新建改扩建幼儿园5所，普惠性幼儿园覆盖率达到92%以上。
2.提升健康水平。学生近视率下降1个百分点。2019年全市已新增学位8000个。
二、保障安全
3.平安校园。创成智安校园示范校12所。
"""


@pytest.fixture
def cleanup():
    yield
    remove_plan("2020-liulanqi", "330998")


def test_paste_review_and_save_a_plan(app_url, page, cleanup):
    sign_in(page, app_url, "admin_all")
    page.get_by_role("link", name="计划导入").click()
    wait_for_app(page, "计划来源")
    page.get_by_label("工作要点全文").fill(TEXT)
    page.get_by_role("button", name="读取计划").click()
    wait_for_app(page, "候选指标")
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    assert "5 项" in main.locator("[data-testid='stMetric']").nth(2).inner_text()
    # the source clause is highlighted in the tree
    mark = main.locator("span").filter(has_text="普惠性幼儿园覆盖率达到92%以上").first
    assert mark.is_visible()
    main.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    page.screenshot(path="test-artifacts/plan-import-review.png", full_page=True)
    page.get_by_role("textbox", name="计划编号").fill("2020-liulanqi")
    # an unknown bureau name preselects 新建教育局
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="所属教育局")
    assert "新建教育局" in (box.inner_text() + box.get_by_role("combobox").input_value())
    page.get_by_role("textbox", name="新教育局代码").fill("330998")
    page.get_by_role("button", name="保存为新计划").click()
    wait_for_app(page, "已保存计划 2020-liulanqi")
    assert_no_exception(page)
    # how the review changed the reading: saved as read, every pre-ticked figure kept
    wait_for_app(page, "本次复核：读取时建议采纳 4 项：原样保存 4 项")
    page.screenshot(path="test-artifacts/plan-import.png", full_page=True)
    with read_session() as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2020-liulanqi"))
        assert plan is not None and plan.bureau.code == "330998"


def _read_uploaded(page, path, expect: str) -> None:
    """From any page, signed in: 计划导入 → 上传文件 → the file → 读取计划, until `expect` shows."""
    page.get_by_role("link", name="计划导入").click()
    wait_for_app(page, "计划来源")
    page.get_by_text("上传文件", exact=True).click()
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    wait_for_app(page)
    page.get_by_role("button", name="读取计划").wait_for()
    page.get_by_role("button", name="读取计划").click()
    wait_for_app(page, expect)


def test_upload_a_docx_and_a_broken_file(app_url, page, tmp_path):
    """The plan as a bureau's Word file: its 一、 and 1. are automatic list numbers (not in the text) and its 5所 a
    change still tracked (修订模式, 4 struck out); it reads the same five targets as the pasted text."""
    import re

    import docx

    from tests.kpis.plan_reader.word_docs import add_list, numbered, tracked_change

    good = tmp_path / "工作要点.docx"
    d = docx.Document()
    add_list(d, 90, [("chineseCounting", "%1、", None), ("decimal", "%2.", 0)], num_ids=[90])
    for line in TEXT.strip().split("\n"):
        mark = re.match(r"[一二]、|\d\.", line)
        body = line[mark.end():] if mark else line
        head, _, tail = body.partition("幼儿园5所")
        paragraph = d.add_paragraph(head + ("幼儿园" if tail else ""))
        if tail:
            tracked_change(paragraph, "4", "5")
            paragraph.add_run("所" + tail)
        if mark:
            numbered(paragraph, 90, 0 if "、" in mark.group() else 1)
    d.save(good)
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"this is not a word file")

    sign_in(page, app_url, "admin_all")
    _read_uploaded(page, broken, "不是有效的 .docx 文件")
    assert_no_exception(page)
    assert "BadZipFile" not in page.locator("[data-testid='stMain']").inner_text()
    page.goto(app_url)  # a fresh session (still signed in by its cookie), then the good file
    wait_for_app(page, "总览")
    _read_uploaded(page, good, "候选指标")
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    assert "5 项" in main.locator("[data-testid='stMetric']").nth(2).inner_text()
    assert main.locator("span").filter(has_text="创成智安校园示范校12所").first.is_visible()
    assert main.locator("span").filter(has_text="新建改扩建幼儿园5所").first.is_visible()
    body = main.inner_text()
    for english in ("Browse files", "Drag and drop", "Limit"):
        assert english not in body, english


def test_upload_a_pdf_of_the_plan(app_url, page, tmp_path):
    """A bureau's plan as a PDF (printed here by the same Chromium, with its CJK fonts and page numbers): the upload
    reads the same five targets as the pasted text."""
    import html

    printer = page.context.new_page()
    try:
        printer.set_content("<html><head><meta charset='utf-8'></head><body style=\"font-family:'Noto Serif CJK SC';"
                            "font-size:22pt\">" + "".join(f"<p>{html.escape(line)}</p>" for line in TEXT.strip().split("\n"))
                            + "</body></html>")
        pdf = tmp_path / "工作要点.pdf"
        pdf.write_bytes(printer.pdf(format="A5", display_header_footer=True, header_template="<span></span>",
                                    footer_template="<div style='font-size:9pt;width:100%;text-align:center'>— "
                                                    "<span class='pageNumber'></span> —</div>"))
    finally:
        printer.close()

    sign_in(page, app_url, "admin_all")
    _read_uploaded(page, pdf, "候选指标")
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    assert "5 项" in main.locator("[data-testid='stMetric']").nth(2).inner_text()
    assert main.locator("span").filter(has_text="普惠性幼儿园覆盖率达到92%以上").first.is_visible()
