"""Browser test of the movement's year-end evaluation (issue 7; named to run after test_plan_flow.py,
which signs the ward in for the first time): the residential group's officer (Tổ dân phố 1, Hồng Bàng)
self-assesses with evidence and submits — after 19/11 the submission is kept, marked late;
a score above a criterion's maximum is refused naming it; the ward adjusts one score with a reason and
finishes its review; the standing office approves. The dashboard's "0 Yếu" target (T8) then counts one
unit rated, and the ward's registration to be exemplary moves the registration target (T9)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
from playwright.sync_api import Browser, Page, expect

from session import new_page, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
AREA = "/assessments/11311-01"
SCORES = {"K1": "10", "K2": "14", "K3": "12", "K4": "15", "K5": "25", "K6": "10"}


def kpi_row(page: Page, code: str):
    return page.locator("table.kpis tbody tr").filter(has=page.locator(f'td:first-child a:text-is("{code}")'))


def test_a_residential_area_is_assessed_reviewed_and_approved(browser: Browser, server, artifacts) -> None:
    office = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(office, "thuongtruc")
    office.goto("/dashboard")
    t8, t9 = kpi_row(office, "T8"), kpi_row(office, "T9")
    expect(t8).to_contain_text("Không phát sinh")
    t9_before = t9.locator("td").nth(3).inner_text()
    registered_before = int(re.search(r"(\d+)/(\d+)", t9_before).group(1))

    # The residential group's officer scores itself, with evidence where the criteria ask for it.
    area = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(area, "totruong")
    area.goto(AREA)
    expect(area.locator("h1")).to_contain_text("Tổ dân phố 1")
    area.get_by_label("K1", exact=True).fill("12")
    area.get_by_role("button", name="Lưu").click()
    area.wait_for_load_state("load")
    expect(area.get_by_role("alert")).to_contain_text("«K1 — Đăng ký xây dựng khu dân cư")
    expect(area.get_by_role("alert")).to_contain_text("(0–10)")
    for code, points in SCORES.items():
        area.get_by_label(code, exact=True).fill(points)
    for code in ("K1", "K2", "K3"):
        area.get_by_label(f"Minh chứng {code}").set_input_files(files=[{"name": f"minh-chung-{code}.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    area.get_by_label("Ghi chú K3").fill("Tổ tự quản hoạt động đều")
    area.get_by_role("button", name="Gửi cấp trên").click()
    area.wait_for_load_state("load")
    expect(area.locator("#assessment-state")).to_contain_text("Đã gửi cấp trên")
    # 2026's deadline for residential areas was 19/11: accepted, marked late.
    expect(area.locator("#assessment-state")).to_contain_text("muộn")
    expect(area.locator("#assessment-total")).to_have_text("86/100")
    expect(area.locator("#assessment-level")).to_have_text("Khá")
    expect(area.get_by_role("link", name=re.compile(r"minh-chung-K1\.pdf"))).to_have_count(1)
    area.screenshot(path=str(artifacts / "assessment-submitted.png"), full_page=True)
    area.context.close()

    # The ward adjusts K3 with a reason and finishes its review.
    ward = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(ward, "hongbang")
    ward.goto(AREA)
    ward.get_by_label("Tiêu chí").select_option("K3")
    ward.get_by_label("Điểm", exact=True).fill("20")
    ward.get_by_label("Lý do điều chỉnh").fill("Mô hình camera an ninh của tổ hoạt động hiệu quả, đã kiểm tra thực tế")
    ward.get_by_role("button", name="Điều chỉnh điểm").click()
    ward.wait_for_load_state("load")
    expect(ward.locator("#criterion-K3")).to_contain_text("Mô hình camera an ninh của tổ hoạt động hiệu quả")
    expect(ward.locator("#assessment-total")).to_have_text("94/100")
    expect(ward.locator("#assessment-level")).to_have_text("Xuất sắc")
    expect(ward.get_by_role("button", name="Phê duyệt")).to_have_count(0)
    ward.get_by_role("button", name="Hoàn thành thẩm định").click()
    ward.wait_for_load_state("load")
    expect(ward.locator("#assessment-state")).to_contain_text("Cấp trên đã thẩm định")

    # The ward registers to build a safe area and to strive to be exemplary.
    ward.goto("/registrations")
    row = ward.locator("#registration-11311")
    row.get_by_label("Xây dựng “An toàn về ANTT”").check()
    row.get_by_label("Phấn đấu đạt điển hình").check()
    row.get_by_role("button", name="Đăng ký").click()
    ward.wait_for_load_state("load")
    expect(ward.locator("#registration-11311")).to_contain_text("muộn")  # after the first quarter
    ward.context.close()

    # The committee's standing office approves.
    office.goto(AREA)
    expect(office.locator("#criterion-K3")).to_contain_text("Cấp trên điều chỉnh")
    office.get_by_role("button", name="Phê duyệt").click()
    office.wait_for_load_state("load")
    expect(office.locator("#assessment-state")).to_contain_text("Đã phê duyệt")
    office.goto("/assessments?show=late")
    expect(office.locator("main table")).to_contain_text("Tổ dân phố 1")

    # The dashboard's targets follow: one unit rated, none Yếu; one more commune registered.
    office.goto("/dashboard")
    expect(t8).to_have_class(re.compile(r"\bkpi-met\b"))
    expect(t8).to_contain_text("1 đơn vị đã được phê duyệt xếp loại")
    expect(t9.locator("td").nth(3)).to_contain_text(f"{registered_before + 1}/")
    office.screenshot(path=str(artifacts / "assessment-dashboard.png"), full_page=True)

    # Year-end emulation: the ward's classification is not approved, so its first part reads "—";
    # the ranking exports as Excel and as a Word report per Decree 30.
    office.goto("/emulation")
    ward_row = office.locator("main table tbody tr").filter(has_text="Phường Hồng Bàng")
    expect(ward_row).to_have_count(1)
    expect(ward_row.locator("td").nth(3)).to_have_text("—")
    with office.expect_download() as excel:
        office.get_by_role("link", name="Tải bảng (Excel)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes())).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:3] == ["Hạng", "Đơn vị", "Điểm"] and any(r[1] == "Phường Hồng Bàng" for r in rows[1:]), rows[:3]
    with office.expect_download() as word:
        office.get_by_role("link", name="Tải báo cáo (Word)").click()
    document = docx.Document(word.value.path())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and any(t.startswith("Kết quả bình xét thi đua") for t in texts), texts
    ranking = document.tables[1]
    assert [c.text for c in ranking.rows[0].cells] == ["TT", "Đơn vị", "Điểm", "Xếp loại", "Chỉ tiêu", "Nhiệm vụ", "Báo cáo"]
    assert len(ranking.rows) == len(rows)
    office.context.close()
