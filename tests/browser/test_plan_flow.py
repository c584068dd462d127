"""Browser test of the plan flow: login, forced password change, plan page, filter,
language switch, logout; plus a phone-width layout check and login throttling.

Uses the shared server (the already-built debug binary on a free port with a fresh
temporary data directory, see conftest.py) and drives it with headless Chromium through Playwright.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from session import login, login_first_time, new_page, sign_in

NEW_PASSWORD = "Browser-test-pw-2026"


def test_plan_flow(browser, server, artifacts):
    page = new_page(browser, server, viewport={"width": 1280, "height": 900})
    try:
        login_first_time(page, "hongbang", NEW_PASSWORD)

        page.goto("/plan")
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        targets = page.locator("#targets")
        expect(targets).to_be_visible()
        expect(targets.get_by_text("ít nhất 12%").first).to_be_visible()

        police_led = page.locator("div.task").filter(
            has=page.locator("dd.lead", has_text="Công an thành phố")
        )
        expect(police_led.first).to_be_visible()
        page.screenshot(path=str(artifacts / "plan-vi.png"), full_page=True)

        # Filter to the tasks this commune leads.
        filters = page.locator("form.filters")
        filters.locator('input[name="filter"][value="lead"]').check()
        filters.locator('button[type="submit"]').click()
        page.wait_for_load_state("load")
        expect(page).to_have_url(re.compile(r"[?&]filter=lead"))
        expect(page.locator('form.filters input[name="filter"][value="lead"]')).to_be_checked()
        expect(page.locator("form.filters")).to_contain_text(re.compile(r"\d+\s*/\s*\d+"))
        expect(page.locator("#targets")).to_be_visible()

        # Switch to English.
        page.goto("/plan")
        lang = page.locator("a.lang")
        expect(lang).to_have_text("English")
        lang.click()
        page.wait_for_load_state("load")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#targets h2")).to_have_text("Main targets")
        expect(page.get_by_text("Main targets").first).to_be_visible()
        expect(page.locator("a.lang")).to_have_text("Tiếng Việt")
        page.screenshot(path=str(artifacts / "plan-en.png"), full_page=True)

        # Log out.
        logout = page.locator('form[action="/logout"] button')
        expect(logout).to_have_text("Log out")
        logout.click()
        page.wait_for_load_state("load")
        expect(page).to_have_url(re.compile(r"/login$"))
    finally:
        page.context.close()


def test_plan_phone_has_no_horizontal_scroll(browser, server, artifacts):
    page = new_page(
        browser,
        server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    try:
        # Another commune officer, signed in whichever test used the account first.
        sign_in(page, "thuynguyen")
        page.goto("/plan")
        expect(page.locator("#targets")).to_be_visible()
        page.screenshot(path=str(artifacts / "plan-phone.png"), full_page=True)
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
            " body: document.body.scrollWidth})"
        )
        assert widths["scroll"] <= widths["inner"] + 1, f"page scrolls sideways on a phone: {widths}"
    finally:
        page.context.close()


# The department officer's account is locked by this test; no other test signs in with it.
THROTTLED = "sotuphap"


def test_login_throttled_after_repeated_failures(browser, server):
    page = new_page(browser, server)
    try:
        for attempt in range(1, 7):
            login(page, THROTTLED, f"wrong-password-{attempt}")
            expect(page).to_have_url(re.compile(r"/login"))
            error = page.locator(".error, [role=alert]")
            if attempt < 6:
                expect(error.first).to_be_visible()
                expect(page.get_by_text("Đăng nhập sai quá nhiều lần")).to_have_count(0)
            else:
                expect(page.get_by_text("Đăng nhập sai quá nhiều lần")).to_be_visible()
    finally:
        page.context.close()
