"""Browser test of the early warning: the standing office ("thuongtruc", not used by the other
files) opens the alerts the first start raised on the demo history, opens one, sees its chart with
a text alternative and the plain-Vietnamese explanation, and takes it up (tiếp nhận), which the
review log then shows. Uses the shared server and browser fixtures of conftest.py.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from session import login_first_time, new_page

NEW_PASSWORD = "Warnings-test-pw-2026"
ACCOUNT = "thuongtruc"


def test_standing_office_takes_up_an_alert(browser: Browser, server, artifacts) -> None:
    page = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    login_first_time(page, ACCOUNT, NEW_PASSWORD)

    page.get_by_role("link", name="Cảnh báo sớm").first.click()
    expect(page.get_by_role("heading", name="Cảnh báo sớm")).to_be_visible()
    rows = page.locator("table tbody tr")
    assert rows.count() > 0, "the first start examines the last closed week and month of the demo history"
    rows.first.locator("a").first.click()
    page.wait_for_load_state("load")

    expect(page.get_by_role("heading", name="Cảnh báo")).to_be_visible()
    explanation = page.locator("p.lead").inner_text()
    assert re.search(r": \d+ vụ .+ (tháng|tuần) \d+/\d{4}, mức bình thường tối đa [\d,]+\.$", explanation), explanation
    chart = page.get_by_role("img")
    expect(chart).to_have_count(1)
    assert chart.locator("#ac-t").text_content().strip() != ""
    assert chart.get_attribute("aria-labelledby") == "ac-t ac-d"
    assert chart.locator("rect").count() > 10
    page.screenshot(path=str(artifacts / "warning.png"), full_page=True)

    page.get_by_role("button", name="Tiếp nhận").click()
    page.wait_for_load_state("load")
    expect(page.locator("dl.facts")).to_contain_text("Đã tiếp nhận")
    expect(page.locator("ul").last).to_contain_text(ACCOUNT)
    page.context.close()
