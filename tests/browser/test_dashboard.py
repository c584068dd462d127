"""Browser test of the target dashboard: the leader's landing page, the period filter, the
drill-down from a target to the communes and from a commune to its case records, and the
print layout.

Uses the shared server and browser fixtures of conftest.py. Logs in as the leader "lanhdao".
"""

from __future__ import annotations

import re
from playwright.sync_api import Page, expect

from session import TODAY, new_page, sign_in

LEADER = "lanhdao"

TARGET_COUNT = 10
COMMUNE_COUNT = 114
# The records page lists at most this many records (DashboardController.recordLimit).
RECORD_LIMIT = 500
NO_SOURCE = "Chưa có nguồn số liệu"
CASE_CODE = re.compile(r"^VA-\d{4}-\d+$")


def _kpi_rows(page: Page):
    return page.locator("table.kpis tbody tr")


def _row_texts(page: Page) -> list[str]:
    return _kpi_rows(page).evaluate_all("rows => rows.map(r => r.innerText.replace(/\\s+/g, ' ').trim())")


def test_dashboard_drill_down(browser, server, artifacts):
    page = new_page(browser, server, viewport={"width": 1280, "height": 900}, extra_http_headers={"Accept-Language": "vi"})
    try:
        sign_in(page, LEADER)

        # The leader's home page is the dashboard.
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/dashboard(\?.*)?$"))
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        expect(page.locator("h1")).to_have_text("Bảng theo dõi chỉ tiêu — Thành phố Hải Phòng")

        rows = _kpi_rows(page)
        expect(rows).to_have_count(TARGET_COUNT)
        codes = [c.strip() for c in rows.locator("td:first-child").all_inner_texts()]
        assert codes == [f"T{i}" for i in range(1, TARGET_COUNT + 1)], codes
        for i in range(TARGET_COUNT):
            expect(rows.nth(i)).to_have_class(re.compile(r"\bkpi-(met|not-met|at-risk|no-data|empty)\b"))
        # Targets with records link to their drill-down and draw a sparkline; the movement's targets are
        # yearly figures from its data, linking to the page that counts them, without a sparkline.
        for code in ("T1", "T2", "T3", "T4", "T5"):
            row = rows.filter(has=page.locator(f'td:first-child a:text-is("{code}")'))
            expect(row).to_have_count(1)
            expect(row.locator("svg.sparkline")).to_have_count(1)
        sparklines = page.locator("table.kpis svg.sparkline")
        expect(sparklines.first).to_be_visible()
        expect(sparklines.first.locator("title")).to_have_text(re.compile(r"^T\d+: \S"))
        expect(rows.filter(has_text=NO_SOURCE)).to_have_count(0)
        pages = {"T6": "/models", "T7": "/drug-free", "T8": "/assessments?year=", "T9": "/registrations?year=", "T10": "/models"}
        for code, href in pages.items():
            row = rows.nth(int(code[1:]) - 1)
            expect(row).not_to_have_class(re.compile(r"\bkpi-no-data\b"))
            expect(row.locator(f'td:first-child a[href^="{href}"]')).to_have_count(1)
            expect(row.locator("svg.sparkline")).to_have_count(0)
        page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

        # Print: the navigation is not printed.
        nav = page.locator(".top nav")
        expect(nav).to_be_visible()
        page.emulate_media(media="print")
        expect(nav).to_be_hidden()
        page.emulate_media(media="screen")
        expect(nav).to_be_visible()

        # Choose the first quarter of the current year (the first quarter option in #period).
        before = _row_texts(page)
        period = page.locator("#period")
        quarter_options = period.locator("option").filter(has_text=re.compile(r"^Quý 1/"))
        expect(quarter_options.first).to_be_attached()
        quarter = quarter_options.first.get_attribute("value")
        year = str(TODAY.year)
        assert quarter is not None and re.fullmatch(r"\d{4}-Q1", quarter), quarter
        # The statistical year starts on 15 December, so from then on it is next year's.
        assert quarter[:4] in (year, str(int(year) + 1)), quarter
        period.select_option(quarter)
        page.locator("form.filters").get_by_role("button", name="Xem").click()
        page.wait_for_load_state("load")
        expect(page).to_have_url(re.compile(rf"[?&]period={quarter}(&|$)"))
        expect(page.locator("#period")).to_have_value(quarter)
        expect(page.locator("main p.muted").first).to_contain_text(f"Quý 1/{quarter[:4]}")
        expect(rows).to_have_count(TARGET_COUNT)
        after = _row_texts(page)
        assert after != before, "the targets table did not change with the period"
        t4_link = page.locator('table.kpis td:first-child a:text-is("T4")')
        expect(t4_link).to_have_attribute("href", re.compile(rf"^/dashboard/targets/T4\?(.*&)?period={quarter}(&|$)"))

        # Drill down to the communes behind T4, worst first.
        t4_link.click()
        page.wait_for_load_state("load")
        expect(page).to_have_url(re.compile(rf"/dashboard/targets/T4\?(.*&)?period={quarter}(&|$)"))
        expect(page.locator("h1")).to_have_text(re.compile(r"^T4 — Tỷ lệ điều tra, khám phá án"))
        commune_links = page.locator("main table tbody tr td a")
        expect(commune_links).to_have_count(COMMUNE_COUNT)
        hrefs = commune_links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        pattern = re.compile(rf"^/dashboard/targets/T4/units/\d+\?period={quarter}$")
        assert all(pattern.match(h or "") for h in hrefs), [h for h in hrefs if not pattern.match(h or "")][:5]
        assert len(set(hrefs)) == COMMUNE_COUNT, "duplicate communes in the drill-down"
        page.screenshot(path=str(artifacts / "dashboard-t4-units.png"), full_page=True)

        # The first (worst) commune's case records.
        first = commune_links.first
        commune = first.inner_text().strip()
        assert commune, "empty commune name"
        first.click()
        page.wait_for_load_state("load")
        expect(page).to_have_url(re.compile(rf"/dashboard/targets/T4/units/\d+\?period={quarter}$"))
        heading = page.locator("h1")
        expect(heading).to_contain_text("T4 — ")
        expect(heading).to_contain_text(commune)
        total_line = page.locator("main p").filter(has_text=re.compile(r"Số hồ sơ:\s*\d"))
        expect(total_line).to_have_count(1)
        match = re.search(r"Số hồ sơ:\s*(\d[\d.]*)", total_line.inner_text())
        assert match, total_line.inner_text()
        total = int(match.group(1).replace(".", ""))
        case_rows = page.locator("main table tbody tr")
        expect(case_rows).to_have_count(min(total, RECORD_LIMIT))
        for code in case_rows.locator("td:first-child").all_inner_texts():
            assert CASE_CODE.match(code.strip()), f"not a case number: {code!r}"
        page.screenshot(path=str(artifacts / "dashboard-t4-cases.png"), full_page=True)
    finally:
        page.context.close()


def test_every_figure_says_how_and_through_when_it_is_counted(browser, server, artifacts):
    """Under each figure: the day it counts through, and how it is counted (numerator, denominator,
    source) in a <details> that works without script; the unfinished current month says so. On a
    phone too, and accessible."""
    from session import assert_accessible

    for width, name in ((1280, "desktop"), (390, "phone")):
        page = new_page(browser, server, viewport={"width": width, "height": 900}, extra_http_headers={"Accept-Language": "vi"})
        try:
            sign_in(page, LEADER)
            page.goto("/dashboard?period=2026")
            rows = _kpi_rows(page)
            expect(rows).to_have_count(TARGET_COUNT)
            t3 = rows.nth(2)
            expect(t3).to_contain_text("Số liệu đến ngày")
            details = t3.locator("details")
            expect(details.locator("summary")).to_have_text("Cách tính")
            expect(details.get_by_text("QĐ 374/QĐ-VKSTC")).to_be_hidden()
            details.locator("summary").click()
            expect(details).to_contain_text("Tử số: quyết định khởi tố hoặc không khởi tố trong kỳ + tạm đình chỉ trong kỳ")
            expect(details).to_contain_text("− chuyển cơ quan có thẩm quyền trong kỳ")
            expect(details.get_by_text(re.compile("QĐ 374/QĐ-VKSTC"))).to_be_visible()
            # A movement figure explains itself in a sentence.
            expect(rows.nth(6).locator("details")).to_contain_text("công nhận không ma túy", use_inner_text=False)
            page.screenshot(path=str(artifacts / f"dashboard-definitions-{name}.png"), full_page=True)
            t3.screenshot(path=str(artifacts / f"dashboard-t3-{name}.png"))
            assert_accessible(page, f"dashboard with a definition open ({name})")

            # The current statistical month (4 December 2026 is in 2026-M12) is not over.
            page.goto("/dashboard?period=2026-M12")
            expect(_kpi_rows(page).first).to_contain_text("Số liệu đến ngày 04/12/2026 (tháng chưa kết thúc")
        finally:
            page.context.close()
