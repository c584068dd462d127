"""Browser tests of the early warning, on the alerts the first start raised on the demo history
(which has a run of thefts in Hồng Bàng since the last closed statistical month began):

- the standing office ("thuongtruc") opens an alert, sees its chart with a text alternative and the
  plain-Vietnamese explanation, and takes it up (tiếp nhận);
- Hồng Bàng's officer acknowledges the ward's theft alert for the month, assesses it as a real rise
  with a note, gives a follow-up task and completes it with a PDF as evidence; the leader then reads
  those steps in the review log and sees the task completed on the task board.

Uses the shared server and browser fixtures of conftest.py.
"""

from __future__ import annotations

import io
import re

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from session import new_page, sign_in

EXPLANATION = re.compile(r": \d+ vụ .+ (tháng|tuần) \d+/\d{4}, mức bình thường tối đa [\d,]+\.$")
WARD_THEFT_MONTH = re.compile(r"tháng.*Phường Hồng Bàng.*Trộm cắp tài sản", re.S)


def open_warnings(page: Page) -> None:
    page.get_by_role("link", name="Cảnh báo sớm").first.click()
    expect(page.get_by_role("heading", name="Cảnh báo sớm")).to_be_visible()


def test_standing_office_takes_up_an_alert(browser: Browser, server, artifacts) -> None:
    page = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(page, "thuongtruc")
    open_warnings(page)
    # Any alert but the one the ward's officer handles in the next test.
    rows = page.locator("table tbody tr").filter(has_not_text=WARD_THEFT_MONTH)
    assert rows.count() > 0, "the first start examines the last closed week and month of the demo history"
    rows.first.locator("a").first.click()
    page.wait_for_load_state("load")

    expect(page.get_by_role("heading", name="Cảnh báo")).to_be_visible()
    explanation = page.locator("p.lead").inner_text()
    assert EXPLANATION.search(explanation), explanation
    chart = page.get_by_role("img")
    expect(chart).to_have_count(1)
    assert chart.locator("#ac-t").text_content().strip() != ""
    assert chart.get_attribute("aria-labelledby") == "ac-t ac-d"
    assert chart.locator("rect").count() > 10
    page.screenshot(path=str(artifacts / "warning.png"), full_page=True)

    page.get_by_role("button", name="Tiếp nhận").click()
    page.wait_for_load_state("load")
    expect(page.locator("dl.facts")).to_contain_text("Đã tiếp nhận")
    expect(page.locator("ul").last).to_contain_text("thuongtruc")
    page.context.close()


def test_ward_officer_assesses_and_the_leader_reads_the_log(browser: Browser, server, artifacts) -> None:
    officer = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(officer, "hongbang")
    open_warnings(officer)
    rows = officer.locator("table tbody tr")
    # The ward's officer sees only the ward's alerts.
    assert rows.count() > 0
    for i in range(rows.count()):
        expect(rows.nth(i)).to_contain_text("Phường Hồng Bàng")
    ward_theft = rows.filter(has_text=WARD_THEFT_MONTH)
    expect(ward_theft).to_have_count(1)
    ward_theft.locator("a").first.click()
    officer.wait_for_load_state("load")
    link = officer.url
    explanation = officer.locator("p.lead").inner_text()
    assert explanation.startswith("Phường Hồng Bàng: ") and "vụ trộm cắp tài sản tháng" in explanation, explanation

    officer.get_by_role("button", name="Tiếp nhận").click()
    officer.wait_for_load_state("load")
    expect(officer.locator("dl.facts")).to_contain_text("Đã tiếp nhận")
    officer.get_by_label("Đánh giá").select_option(label="Tăng thật")
    officer.get_by_label("Ghi chú").fill("Đã xác minh: nhóm trộm xe máy ở chợ, đã lập chuyên án.")
    officer.get_by_role("button", name="Đánh giá", exact=True).click()
    officer.wait_for_load_state("load")
    expect(officer.locator("dl.facts")).to_contain_text("Tăng thật")
    # A follow-up task: the form is prefilled except the person answering for it.
    officer.get_by_text("Giao nhiệm vụ", exact=True).first.click()
    officer.get_by_label("Người chịu trách nhiệm").fill("Đ/c Trần Văn B, Phó trưởng Công an phường")
    officer.get_by_role("button", name="Giao nhiệm vụ").click()
    officer.wait_for_load_state("load")
    expect(officer.locator("table").first).to_contain_text("Đang thực hiện trong hạn")
    officer.screenshot(path=str(artifacts / "warning-assessed.png"), full_page=True)
    # The task is done: a completion report with a PDF as evidence.
    officer.locator("table").first.get_by_role("link").first.click()
    officer.wait_for_load_state("load")
    expect(officer.get_by_role("heading", name="Nhiệm vụ", exact=True)).to_be_visible()
    officer.get_by_label("Nội dung đã thực hiện").fill("Đã bắt giữ 2 đối tượng trộm cắp tại chợ; tăng cường tuần tra.")
    officer.get_by_label("Minh chứng").set_input_files(files=[{
        "name": "bien-ban.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"}])
    officer.get_by_label("Đã hoàn thành nhiệm vụ").check()
    officer.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    officer.wait_for_load_state("load")
    expect(officer.locator("dl.facts")).to_contain_text("Hoàn thành đúng hạn")
    expect(officer.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    officer.context.close()

    leader = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(leader, "lanhdao")
    leader.goto(link)
    log = leader.locator("ul").last
    expect(log).to_contain_text("hongbang")
    expect(log).to_contain_text("Tăng thật")
    expect(log).to_contain_text("nhóm trộm xe máy ở chợ")
    expect(log).to_contain_text("Giao nhiệm vụ — Kiểm tra, làm rõ nguyên nhân")
    # Advice to a person: the leader reads, only the ward acts.
    expect(leader.get_by_role("button", name="Tiếp nhận")).to_have_count(0)
    # The leader's task board counts the completed task.
    leader.get_by_role("link", name="Nhiệm vụ").first.click()
    expect(leader.get_by_role("heading", name="Theo dõi nhiệm vụ")).to_be_visible()
    expect(leader.locator("table")).to_contain_text("Hoàn thành đúng hạn")
    assert "Hoàn thành đúng hạn: 1" in leader.locator("main").inner_text()
    # The board as files, opened by the libraries an analyst would use.
    with leader.expect_download() as workbook:
        leader.get_by_role("link", name="Excel").click()
    # A file object: openpyxl judges a path by its extension, and Playwright's has none.
    sheet = openpyxl.load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Địa bàn", "Nội dung nhiệm vụ"] and any(r[4] == "Hoàn thành đúng hạn" for r in rows[1:]), rows
    with leader.expect_download() as report:
        leader.get_by_role("link", name="Báo cáo (Word)").click()
    document = docx.Document(report.value.path())
    heading = document.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading[1].text and "Độc lập - Tự do - Hạnh phúc" in heading[1].text
    assert heading[1].paragraphs[-1].text.startswith("Hải Phòng, ngày ")
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and any(t.startswith("- Hoàn thành đúng hạn: 1") for t in texts), texts
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.5) and section.left_margin.mm == pytest.approx(30, abs=0.5)
    assert section.different_first_page_header_footer
    convert_to_pdf(Path(report.value.path()), artifacts)
    leader.context.close()


def convert_to_pdf(document: Path, artifacts: Path) -> None:
    """LibreOffice, when installed, turns the report into a PDF (skipped otherwise, as the issue allows)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        # make test installs libreoffice-writer; only a machine where it cannot be installed gets here.
        print(f"LibreOffice is not installed: {document.name} was not converted to PDF")
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "bao-cao.docx"
        shutil.copy(document, source)
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=120)
        pdf = Path(folder) / "bao-cao.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        shutil.copy(pdf, artifacts / "bao-cao-nhiem-vu.pdf")
