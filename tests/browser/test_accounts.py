"""Browser test of account administration: the system administrator creates a commune officer,
who signs in with the one-time password shown once and chooses a password; the administrator then
deactivates the account, and the officer's open session is refused on the next click. Uses the
shared fixtures of conftest.py."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from session import login, new_page, sign_in


def test_admin_creates_an_officer_then_deactivates_them(browser: Browser, server, artifacts) -> None:
    admin = new_page(browser, server)
    sign_in(admin, "quantri")
    # The administrator's menu: administration, not records.
    nav = admin.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Tài khoản")).to_be_visible()
    expect(nav.get_by_role("link", name="Vụ án")).to_have_count(0)
    nav.get_by_role("link", name="Tài khoản").click()
    expect(admin.get_by_role("heading", name="Tài khoản người dùng")).to_be_visible()
    admin.get_by_role("link", name="Tạo tài khoản").click()

    # A unit the role does not accept first: the message beside the field, what was typed kept.
    admin.fill("#f-username", "canbo.anbien")
    admin.fill("#f-display_name", "Trần Văn Bình")
    admin.select_option("#f-role", "commune-officer")
    admin.fill("#f-unit", "31-CATP")
    admin.get_by_role("button", name="Tạo tài khoản").click()
    expect(admin.locator("#f-unit-error")).to_contain_text("Không được phép")
    expect(admin.locator("#f-username")).to_have_value("canbo.anbien")
    admin.fill("#f-unit", "11311")
    admin.get_by_role("button", name="Tạo tài khoản").click()
    expect(admin.get_by_role("heading", name="Mật khẩu dùng một lần")).to_be_visible()
    expect(admin.locator("dl.details")).to_contain_text("(11311)")
    one_time = admin.locator("code.otp").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{12}", one_time)
    admin.screenshot(path=str(artifacts / "account-created.png"), full_page=True)

    officer = new_page(browser, server)
    login(officer, "canbo.anbien", one_time)
    expect(officer).to_have_url(re.compile(r"/account/password$"))
    form = officer.locator('form[action="/account/password"]')
    form.locator("#current").fill(one_time)
    form.locator("#new").fill("Song Cam chay qua thanh pho")
    form.locator("#confirm").fill("Song Cam chay qua thanh pho")
    form.locator('button[type="submit"]').click()
    expect(officer).to_have_url(re.compile(r"/dashboard(\?.*)?$"))

    admin.get_by_role("button", name="Khóa tài khoản").click()
    expect(admin.get_by_text("Đã khóa").first).to_be_visible()

    # The officer's next click: the session is gone.
    officer.get_by_role("navigation").get_by_role("link", name="Nhiệm vụ").click()
    expect(officer).to_have_url(re.compile(r"/login"))
    login(officer, "canbo.anbien", "Song Cam chay qua thanh pho")
    expect(officer.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    officer.context.close()
    admin.context.close()
