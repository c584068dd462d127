"""Browser test of periodic reporting (issue 6): Hồng Bàng's officer fills the ward's monthly report
for the last closed month (a draft saves itself as the officer types) and sends it; the standing
office returns it with a reason; the officer corrects it and sends it again; the office approves it,
sees the ward as reported in the completeness matrix, and downloads the city's consolidated report
for that month — Word (read with python-docx: Decree 30 layout, the KPI table, Times New Roman, A4
and margins; converted to PDF by LibreOffice) and Excel (read with openpyxl) — with the ward's value
in it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from playwright.sync_api import Browser, expect

from session import new_page, sign_in
from test_warnings import convert_to_pdf


def fill(page, values: dict[str, str]) -> None:
    for key, value in values.items():
        field = page.locator(f"[name='v[{key}]']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def test_ward_reports_office_returns_then_approves(browser: Browser, server, artifacts) -> None:
    ward = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(ward, "hongbang")
    ward.get_by_role("link", name="Báo cáo định kỳ").first.click()
    expect(ward.get_by_role("heading", name="Báo cáo định kỳ")).to_be_visible()
    ward.locator("table tbody tr").first.get_by_role("link").click()
    ward.wait_for_load_state("load")
    report_url = ward.url
    # Typing saves a draft after a pause, without pressing anything.
    ward.get_by_label(re.compile("^Số buổi tuyên truyền về an ninh, trật tự")).fill("4")
    expect(ward.locator("#autosave-status")).to_contain_text("Đã lưu nháp lúc", timeout=10000)
    fill(ward, {"propaganda_participants": "320", "cyberspace_run": "Có", "villages": "12", "drug_free_villages": "9",
                "mediation_cases.land": "2", "mediation_successful": "2"})
    ward.get_by_role("button", name="Gửi báo cáo").click()
    ward.wait_for_load_state("load")
    expect(ward.locator("#report-state")).to_contain_text("Đã gửi, chờ duyệt")
    ward.context.close()

    office = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(office, "thuongtruc")
    office.goto("/reports")
    office.get_by_role("link", name=re.compile("Phường Hồng Bàng")).first.click()
    office.wait_for_load_state("load")
    office.get_by_label("Lý do trả lại").fill("Thiếu số vụ hòa giải về hôn nhân, gia đình")
    office.get_by_role("button", name="Trả lại").click()
    office.wait_for_load_state("load")
    expect(office.locator("#report-state")).to_contain_text("Bị trả lại")

    ward = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(ward, "hongbang")
    ward.goto(report_url)
    expect(ward.locator("dl.facts")).to_contain_text("Thiếu số vụ hòa giải về hôn nhân, gia đình")
    fill(ward, {"mediation_cases.family": "1", "mediation_successful": "3"})
    ward.get_by_role("button", name="Gửi báo cáo").click()
    ward.wait_for_load_state("load")
    expect(ward.locator("#report-state")).to_contain_text("Đã gửi, chờ duyệt")
    ward.context.close()

    office.reload()
    office.get_by_role("button", name="Duyệt", exact=True).click()
    office.wait_for_load_state("load")
    expect(office.locator("#report-state")).to_contain_text("Đã duyệt")
    expect(office.locator("ol.timeline")).to_contain_text("Trả lại — Thiếu số vụ hòa giải")
    office.screenshot(path=str(artifacts / "report-approved.png"), full_page=True)
    office.goto("/reports")
    office.get_by_role("link", name=re.compile("cấp xã")).click()
    office.wait_for_load_state("load")
    row = office.locator("tr").filter(has_text="Phường Hồng Bàng")
    # Sent after the deadline (the last closed month ended days ago) or on time: reported either way.
    expect(row.locator("td.cell-on-time, td.cell-late")).to_have_count(1)

    # The city's consolidated report for the month includes the ward's approved figures.
    period = report_url.rstrip("/").split("/")[-1].split("?")[0]
    office.goto(f"/reports/city?period={period}")
    expect(office.get_by_role("heading", name="Báo cáo tổng hợp của thành phố")).to_be_visible()
    sessions = office.locator("tr").filter(has_text="Số buổi tuyên truyền về an ninh, trật tự").first
    expect(sessions.locator("td").nth(1)).to_have_text("4")
    with office.expect_download() as word:
        office.get_by_role("link", name="Báo cáo (Word)").click()
    document = docx.Document(word.value.path())
    heading = document.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading[1].text and "Độc lập - Tự do - Hạnh phúc" in heading[1].text
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU (tính từ hồ sơ)" in texts, texts
    kpi = document.tables[1]
    assert [c.text for c in kpi.rows[0].cells] == ["Chỉ tiêu", "Kết quả", "Đánh giá"] and len(kpi.rows) > 5
    totals = next(t for t in document.tables[2:] if t.rows[0].cells[0].text == "Nội dung")
    row = next(r for r in totals.rows if r.cells[0].text == "Số buổi tuyên truyền về an ninh, trật tự")
    assert row.cells[1].text == "4"
    fonts = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")[0]
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.5) and section.page_height.mm == pytest.approx(297, abs=0.5)
    assert section.left_margin.mm == pytest.approx(30, abs=0.5) and section.top_margin.mm == pytest.approx(20, abs=0.5)
    convert_to_pdf(Path(word.value.path()), artifacts)
    with office.expect_download() as excel:
        office.get_by_role("link", name="Excel").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes()))
    rows = [[c.value for c in r] for r in workbook["Tổng hợp"].iter_rows()]
    # Counts are numbers Excel sums, not text.
    assert any(r[0] == "commune_monthly" and r[1] == "Số buổi tuyên truyền về an ninh, trật tự" and r[2] == 4 and isinstance(r[2], int) for r in rows), rows
    assert any(name.startswith("Phụ lục") for name in workbook.sheetnames)
    office.context.close()

