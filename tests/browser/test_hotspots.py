"""Browser test of the hotspot map: the leader opens "Điểm nóng" on the demo history (whose cases
have made-up coordinates around the city centre), sees the SVG map with its text alternative and
outlined cells, and the 12-week backtest beside it. Uses the shared fixtures of conftest.py."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from session import new_page, sign_in


def test_leader_reads_the_hotspot_map_and_its_backtest(browser: Browser, server, artifacts) -> None:
    page = new_page(browser, server, extra_http_headers={"Accept-Language": "vi"})
    sign_in(page, "lanhdao")
    page.get_by_role("link", name="Điểm nóng").first.click()
    expect(page.get_by_role("heading", name="Điểm nóng tội phạm")).to_be_visible()
    map_ = page.get_by_role("img")
    expect(map_).to_have_count(1)
    assert map_.get_attribute("aria-labelledby") == "hs-t hs-d"
    assert "vụ án có tọa độ trong 12 tháng qua" in map_.locator("#hs-d").text_content()
    assert map_.locator("rect.hs-flag-1").count() >= 1
    assert map_.locator("text.hs-label").count() >= 10
    rows = page.locator(".hs-backtest table tbody tr")
    expect(rows).to_have_count(3)
    # Each model's 1% column reads "hit rate% · PAI".
    for i in range(3):
        assert "% · " in rows.nth(i).locator("td").nth(1).inner_text()
    page.screenshot(path=str(artifacts / "hotspots.png"), full_page=True)
    page.context.close()
