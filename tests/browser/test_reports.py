"""Browser test of periodic reporting (issue 6): Hồng Bàng's officer fills the ward's monthly report
for the last closed month (a draft saves itself as the officer types) and sends it; the standing
office returns it with a reason; the officer corrects it and sends it again; the office approves it
and sees the ward as reported in the completeness matrix. (The consolidated city report is not
built yet.)"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from session import new_page, sign_in


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
    office.context.close()
