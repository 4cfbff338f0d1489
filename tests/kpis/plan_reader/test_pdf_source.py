"""A plan uploaded as a PDF: its text layer read page by page (a real PDF printed by Chromium with the CJK fonts a
bureau's PDFs use, whose ToUnicode tables name some glyphs as radicals), and a refusal for every PDF that cannot be read."""

import html
import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from kpis.plan_reader.sources import PlanFileError, read_plan_file
from tests.kpis.plan_reader.reading import accepted_targets

SEED = Path(__file__).parents[3] / "seed" / "plans"


@pytest.fixture(scope="module")
def plan_pdf() -> tuple[str, bytes]:
    """The 2025 台州 plan printed to A4 by Chromium, with — N — page numbers in the footer. Printed by the briefing's
    Chromium service, whose Playwright lives on a thread of its own (the browser tests' sync Playwright holds an
    event loop on this one)."""
    from briefing.browser import Chromium

    text = (SEED / "2025-taizhou.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    page_html = ("<html><head><meta charset='utf-8'><style>body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC';"
                 "font-size:16pt} p{margin:0 0 6pt;text-indent:2em;line-height:1.5}</style></head>"
                 f"<body>{body}</body></html>")

    def print_pdf(browser) -> bytes:
        page = browser.new_page()
        try:
            page.set_content(page_html)
            return page.pdf(format="A4", margin={"top": "25mm", "bottom": "25mm", "left": "28mm", "right": "26mm"},
                            display_header_footer=True, header_template="<span></span>",
                            footer_template="<div style='font-size:10pt;width:100%;text-align:center'>"
                                            "— <span class='pageNumber'></span> —</div>")
        finally:
            page.close()

    service = Chromium()
    try:
        pdf = service.run(print_pdf)
    finally:
        service.close()
    return text, pdf


def test_a_pdf_plan_reads_the_targets_of_its_text(plan_pdf):
    text, pdf = plan_pdf
    read = read_plan_file("2025年工作要点.PDF", pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 3  # lines cut at the page width, page numbers between them
    assert "⼯" not in read and "⻓" not in read and "工作要点" in read  # the fonts' radicals folded back
    assert len(accepted_targets(text)) == 20
    assert accepted_targets(read) == accepted_targets(text)


def _pdf(pages: int = 1, user_password: str | None = None, owner_password: str | None = None,
         source: bytes | None = None) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(source)) if source else PdfWriter()
    for _ in range(pages if source is None else 0):
        writer.add_blank_page(595, 842)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_a_pdf_with_an_open_password_is_refused_with_what_to_do(plan_pdf):
    with pytest.raises(PlanFileError, match="设有打开密码.*去掉密码"):
        read_plan_file("plan.pdf", _pdf(user_password="1234", owner_password="owner", source=plan_pdf[1]))


def test_a_pdf_with_only_an_owner_password_is_read(plan_pdf):
    text, pdf = plan_pdf
    assert accepted_targets(read_plan_file("plan.pdf", _pdf(user_password="", owner_password="owner", source=pdf))) == accepted_targets(text)


def test_a_scan_without_text_is_refused_with_what_to_do():
    with pytest.raises(PlanFileError, match="没有可读取的文字.*扫描件.*粘贴文本"):
        read_plan_file("scan.pdf", _pdf(pages=3))


def test_a_pdf_of_many_pages_is_no_plan():
    with pytest.raises(PlanFileError, match="有 101 页"):
        read_plan_file("book.pdf", _pdf(pages=101))


def test_radicals_copied_from_a_pdf_viewer_read_as_their_characters():
    """⽣均公⽤经费提⾼到…, ⼈: radicals where the ideographs stood read nothing unless folded back."""
    assert accepted_targets("2025年⼯作要点\n⼀、⽣均公⽤经费提⾼到每⽣每年800元。\n⼆、招聘教师300⼈，校⻓培训率达到100%。") == [
        (100, None, "%", ">="), (300, None, "人", ">="), (800, None, "元", ">=")]
