"""科室填报 in the real browser: a department officer saves a figure with a small PDF attached,
sees it listed in the history, and downloads the same bytes back."""

import uuid

import pytest

from tests.browser.conftest import assert_no_exception, sign_in, wait_for_app

pytestmark = pytest.mark.browser


def test_department_attaches_a_pdf_sees_it_listed_and_downloads_it(app_url, page, tmp_path):
    marker = uuid.uuid4().hex[:8]
    pdf = (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + marker.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    path = tmp_path / f"验收报告-{marker}.pdf"
    path.write_bytes(pdf)

    sign_in(page, app_url, "demo_department")
    page.locator("[data-testid='stSidebar']").get_by_text("科室填报").click()
    wait_for_app(page, "历史记录")
    assert_no_exception(page)
    # The file picker's words are Chinese (Streamlit's own "Upload" / "…MB per file" are replaced by CSS).
    page.locator("[data-testid='stFileUploaderDropzone'] button p").wait_for(timeout=30_000)
    page.locator("[data-testid='stFileUploaderDropzoneInstructions'] span").first.wait_for(timeout=30_000)
    shown = page.evaluate("""() => [
        getComputedStyle(document.querySelector("[data-testid='stFileUploaderDropzone'] button p"), '::after').content,
        getComputedStyle(document.querySelector("[data-testid='stFileUploaderDropzoneInstructions'] span"), '::after').content,
        getComputedStyle(document.querySelector("[data-testid='stFileUploaderDropzoneInstructions'] span")).fontSize]""")
    assert shown == ['"选择文件"', '"拖放文件到此处，或点击“选择文件”"', "0px"]
    page.locator("[data-testid='stNumberInput'] input").first.fill("1")
    page.get_by_label("进展说明").fill(f"浏览器测试 {marker}")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.get_by_text(path.name).first.wait_for(timeout=30_000)  # the picker shows the chosen file
    page.locator("[data-testid='stForm']").get_by_role("button", name="保存").click()
    wait_for_app(page, "附佐证文件 1 个")
    assert_no_exception(page)

    main = page.locator("[data-testid='stMain']")
    button = main.get_by_role("button", name=f"下载 {path.name}（{len(pdf)} 字节）")
    button.wait_for(timeout=30_000)
    button.scroll_into_view_if_needed()
    page.screenshot(path="test-artifacts/bureau-entry-attachments.png")
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == path.name
    saved = tmp_path / "downloaded.pdf"
    download.save_as(str(saved))
    assert saved.read_bytes() == pdf
    assert_no_exception(page)
