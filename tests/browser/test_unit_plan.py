"""Browser test of plan execution: Hồng Bàng's officer issues the ward's plan under the city plan
(the city tasks it takes part in and the city's targets are offered; the ward sets its own level for
one target and adds its own; a number, date and signer make it official), and the
standing office sees the ward among the units that have issued theirs. Uses conftest.py's fixtures;
runs after test_plan_flow.py (which signs "hongbang" in for the first time)."""

from __future__ import annotations


from playwright.sync_api import Browser, expect

from session import TODAY, new_page, sign_in


def test_ward_issues_its_plan_and_the_office_sees_it(browser: Browser, server, artifacts) -> None:
    ward = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(ward, "hongbang")
    ward.get_by_role("link", name="Kế hoạch của đơn vị").click()
    expect(ward.get_by_role("heading", name="Kế hoạch của đơn vị")).to_be_visible()
    offered = ward.locator("input[name='tasks[]']")
    assert offered.count() >= 2, "the city tasks the ward takes part in are offered"
    ward.get_by_label("Nhiệm vụ riêng của đơn vị").fill("Tuần tra đêm tại khu vực chợ Sắt\nHọp tổ an ninh hằng tháng")
    # The city's targets are offered with the city's level; the ward promises more on T1.
    ward.locator("input[name='thresholds[T1]']").fill("85")
    ward.get_by_label("Chỉ tiêu riêng của đơn vị").fill("100% tổ dân phố có mô hình tự quản về an ninh, trật tự")
    ward.get_by_label("Số kế hoạch").fill("15/KH-UBND")
    ward.get_by_label("Ngày ban hành").fill(TODAY.isoformat())
    ward.get_by_label("Người ký").fill("Chủ tịch UBND phường Hồng Bàng")
    ward.get_by_role("button", name="Ban hành").click()
    ward.wait_for_load_state("load")
    expect(ward.locator("main")).to_contain_text("Đã ban hành")
    expect(ward.locator("dl.facts")).to_contain_text("15/KH-UBND")
    expect(ward.locator("main")).to_contain_text("Mức của đơn vị: ≤ 85% so với cùng kỳ năm 2025")
    expect(ward.locator("main")).to_contain_text("100% tổ dân phố có mô hình tự quản")
    ward.screenshot(path=str(artifacts / "unit-plan.png"), full_page=True)
    ward.context.close()

    office = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(office, "thuongtruc")
    office.goto("/plan")
    office.get_by_role("link", name="Kế hoạch của các đơn vị").click()
    expect(office.get_by_role("heading", name="Kế hoạch của các đơn vị")).to_be_visible()
    row = office.locator("tr").filter(has_text="Phường Hồng Bàng")
    expect(row).to_contain_text("Đã ban hành")
    expect(row).to_contain_text("15/KH-UBND")
    assert "Đơn vị đã ban hành kế hoạch: 1/" in office.locator("main").inner_text()
    office.context.close()
