"""Browser test of a plan task carried out (issue 5): the standing office gives task II.1.2 (Công an
thành phố chủ trì, the departments and localities coordinating) to its units; Hồng Bàng's officer
reports the ward's part done with a PDF; the office sees the status change on its board, filtered
to the section and the ward, then confirms the ward's part as the lead unit. Runs after
test_warnings.py, whose leader counts the board's completed tasks before this adds one."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from session import new_page, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def ward_row(page):
    return page.locator("table tbody tr").filter(has_text="II.1.2. ")


def test_commune_reports_on_a_plan_task_and_the_office_confirms(browser: Browser, server, artifacts) -> None:
    office = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(office, "thuongtruc")
    office.goto("/plan/tasks/II.1.2/assign")
    office.get_by_label(re.compile("Thời hạn, định kỳ")).fill("trước 31/12")
    office.get_by_role("button", name="Giao thực hiện").click()
    office.wait_for_load_state("load")
    # The board, filtered to section II.1 and the ward: the part is open.
    office.goto("/tasks")
    office.get_by_label("Mục, nhóm nhiệm vụ").select_option("II.1")
    office.get_by_role("button", name="Lọc").click()
    office.wait_for_load_state("load")
    expect(office.locator("main")).to_contain_text("II.1.2. ")
    office.goto("/tasks?section=II.1&unit=11311")
    expect(ward_row(office)).to_have_count(1)
    expect(ward_row(office)).to_contain_text("Đang thực hiện trong hạn")
    assert "Hoàn thành đúng hạn: 0" in office.locator("main").inner_text()

    ward = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(ward, "hongbang")
    ward.goto("/tasks?section=II.1")
    ward_row(ward).get_by_role("link").click()
    ward.wait_for_load_state("load")
    ward.get_by_label("Nội dung đã thực hiện").fill("Đã góp ý dự thảo nghị quyết về bảo đảm an ninh, trật tự ở cơ sở.")
    ward.get_by_label("Minh chứng").set_input_files(files=[{"name": "cong-van-gop-y.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    ward.get_by_label("Đã hoàn thành nhiệm vụ").check()
    ward.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    ward.wait_for_load_state("load")
    expect(ward.locator("dl.facts")).to_contain_text("Hoàn thành đúng hạn")
    expect(ward.locator("dl.facts")).to_contain_text("Chờ đơn vị chủ trì xác nhận")
    ward.context.close()

    # The office's board shows the change.
    office.reload()
    expect(ward_row(office)).to_contain_text("Hoàn thành đúng hạn")
    assert "Hoàn thành đúng hạn: 1" in office.locator("main").inner_text()
    office.screenshot(path=str(artifacts / "plan-task-board.png"), full_page=True)

    # As the lead unit, the office confirms the ward's part.
    office.goto("/tasks?section=II.1&unit=31-CATP")
    ward_row(office).get_by_role("link").click()
    office.wait_for_load_state("load")
    part = office.locator("table tbody tr").filter(has_text="Phường Hồng Bàng")
    expect(part).to_contain_text("Chờ đơn vị chủ trì xác nhận")
    part.get_by_role("button", name="Xác nhận").click()
    office.wait_for_load_state("load")
    expect(office.locator("table tbody tr").filter(has_text="Phường Hồng Bàng")).to_contain_text("Đã xác nhận")
    office.screenshot(path=str(artifacts / "plan-task-confirmed.png"), full_page=True)

    # The leader's view of who is late opens with the same filter.
    office.goto("/tasks/late?section=II.1")
    expect(office.get_by_role("heading", name="Ai đang chậm")).to_be_visible()
    office.context.close()
