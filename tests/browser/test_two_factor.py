"""Browser test of two-factor sign-in: the standing office creates a standing-office account (the
system administrator may not grant that role);
its owner signs in with the one-time password, chooses a password, opens "Bảo mật", scans (here:
reads) the QR code's key, is refused a wrong code and turned on with the right one, is shown the
recovery codes; then signs in again: password, a wrong code refused, the next step's code accepted.
Screenshots of the enrolment and code pages at desktop and phone width; axe-core on both.

The codes are computed here with the standard library (RFC 6238: HMAC-SHA-1, 6 digits, 30 s)
against the computer's real time: the server checks them against the true instant
(`WallClock.trueNow`), not the day SAFEGUARD_TODAY makes it believe, as a phone would. A step is accepted once for an account, so each code typed is for a later step than
the last one accepted. Uses the shared fixtures of conftest.py (started with
SAFEGUARD_SECOND_FACTOR_ROLES=none: nobody is forced to enrol, anyone may).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

from playwright.sync_api import Browser, Page, expect

from session import START_PAGE, assert_accessible, login, new_page, sign_in

USERNAME = "vanphong.2fa"
PASSWORD = "Ben Binh luc sang som 2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}


def totp(key: bytes, step: int) -> str:
    """The 6-digit code of `step` (RFC 4226 dynamic truncation over HMAC-SHA-1 of the counter)."""
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFF_FFFF
    return f"{value % 1_000_000:06d}"


def current_step(server) -> int:
    return int(time.time() // 30)


def wrong_code(key: bytes, around: int) -> str:
    """Six digits that are no code of the steps near `around` (so surely refused)."""
    near = {totp(key, s) for s in range(around - 3, around + 4)}
    return next(c for c in (f"{n:06d}" for n in range(0, 1_000_000, 111_111)) if c not in near)


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_totp_matches_rfc_6238() -> None:
    # RFC 6238 appendix B, SHA-1, T = 59 s and 1111111109 s (step 1 and 37037036), last 6 digits.
    key = b"12345678901234567890"
    assert totp(key, 59 // 30) == "287082"
    assert totp(key, 1111111109 // 30) == "081804"


def test_standing_office_enrols_an_authenticator_and_signs_in_with_it(browser: Browser, server, artifacts) -> None:
    # The standing office creates the account (the system administrator may not grant its role).
    admin = new_page(browser, server)
    sign_in(admin, "thuongtruc")
    admin.goto("/admin/users/new")
    admin.fill("#f-username", USERNAME)
    admin.fill("#f-display_name", "Phạm Thị Lan")
    admin.select_option("#f-role", "standing-office")
    admin.get_by_role("button", name="Tạo tài khoản").click()
    expect(admin.get_by_role("heading", name="Mật khẩu dùng một lần")).to_be_visible()
    one_time = admin.locator("code.otp").inner_text().strip()
    admin.context.close()

    # Its owner signs in and chooses a password.
    staff = new_page(browser, server, viewport=DESKTOP)
    login(staff, USERNAME, one_time)
    expect(staff).to_have_url(re.compile(r"/account/password$"))
    form = staff.locator('form[action="/account/password"]')
    form.locator("#current").fill(one_time)
    form.locator("#new").fill(PASSWORD)
    form.locator("#confirm").fill(PASSWORD)
    form.locator('button[type="submit"]').click()
    expect(staff).to_have_url(START_PAGE)

    # "Bảo mật" in the header: the QR code and the key to type by hand.
    staff.locator("header .account").get_by_role("link", name="Bảo mật").click()
    expect(staff).to_have_url(re.compile(r"/account/two-factor$"))
    expect(staff.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    qr = staff.locator('figure.qr svg[role="img"]')
    expect(qr).to_be_visible()
    expect(qr.locator("title")).to_have_text("Mã QR để thêm Safeguard vào ứng dụng xác thực")
    secret_text = staff.locator("code.secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})*", secret_text), secret_text
    secret = secret_text.replace(" ", "")
    assert len(secret) == 32, secret_text  # 20 random bytes
    key = base64.b32decode(secret)
    staff.screenshot(path=str(artifacts / "two-factor-enrol.png"), full_page=True)
    assert_accessible(staff, "the enrolment page")

    # At phone width: the QR code fits, readable, and nothing runs off the side.
    staff.set_viewport_size(PHONE)
    box = qr.bounding_box()
    assert box is not None and 160 <= box["width"] <= PHONE["width"], box
    assert no_horizontal_overflow(staff), "the enrolment page scrolls sideways at 390 px"
    staff.screenshot(path=str(artifacts / "two-factor-enrol-phone.png"), full_page=True)
    staff.set_viewport_size(DESKTOP)

    # A wrong code first: refused, the same key still shown to scan.
    staff.fill("#code", wrong_code(key, current_step(server)))
    staff.get_by_role("button", name="Bật xác thực hai lớp").click()
    expect(staff.get_by_role("alert")).to_contain_text("Mã không đúng")
    expect(staff.locator("#code")).to_have_attribute("aria-invalid", "true")
    expect(staff.locator('figure.qr svg[role="img"]')).to_be_visible()
    expect(staff.locator("code.secret")).to_have_text(secret_text)
    staff.screenshot(path=str(artifacts / "two-factor-enrol-wrong-code.png"), full_page=True)
    assert_accessible(staff, "the enrolment page with a wrong code")

    # The right one: turned on, the recovery codes shown once.
    step = current_step(server)
    staff.fill("#code", totp(key, step))
    staff.get_by_role("button", name="Bật xác thực hai lớp").click()
    expect(staff.get_by_role("status")).to_have_text("Đã bật xác thực hai lớp.")
    recovery = staff.locator("ul.recovery-codes li")
    expect(recovery).to_have_count(10)
    for code in recovery.all_inner_texts():
        assert re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code.strip()), code
    staff.screenshot(path=str(artifacts / "two-factor-recovery-codes.png"), full_page=True)

    # Signing in again: the password, then the code.
    staff.locator("header").get_by_role("button", name="Đăng xuất").click()
    expect(staff).to_have_url(re.compile(r"/login(\?.*)?$"))
    login(staff, USERNAME, PASSWORD)
    expect(staff).to_have_url(re.compile(r"/login/code$"))
    expect(staff.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    staff.screenshot(path=str(artifacts / "two-factor-code.png"), full_page=True)
    assert_accessible(staff, "the code page")
    staff.set_viewport_size(PHONE)
    assert no_horizontal_overflow(staff), "the code page scrolls sideways at 390 px"
    staff.screenshot(path=str(artifacts / "two-factor-code-phone.png"), full_page=True)
    staff.set_viewport_size(DESKTOP)

    staff.fill("#code", wrong_code(key, current_step(server)))
    staff.get_by_role("button", name="Xác nhận").click()
    expect(staff).to_have_url(re.compile(r"/login/code$"))
    expect(staff.get_by_role("alert")).to_contain_text("Mã không đúng")
    assert_accessible(staff, "the code page with a wrong code")

    # The step after the one used to enrol (or the current one, if later): accepted.
    step = max(step + 1, current_step(server))
    staff.fill("#code", totp(key, step))
    staff.get_by_role("button", name="Xác nhận").click()
    expect(staff).to_have_url(re.compile(r"/dashboard(\?.*)?$"))

    # The settings now: on, ten recovery codes unused.
    staff.locator("header .account").get_by_role("link", name="Bảo mật").click()
    expect(staff.get_by_text("Xác thực hai lớp đang bật")).to_be_visible()
    expect(staff.get_by_text("Số mã khôi phục chưa dùng: 10")).to_be_visible()
    staff.context.close()
