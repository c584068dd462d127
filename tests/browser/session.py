"""What every browser test does first: open a page on the test server and sign in — the first time
with the demo accounts' one-time password, changing it as the application requires."""

from __future__ import annotations

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

# The date the server believes it is (SAFEGUARD_TODAY, set by conftest.py): what the pages show
# does not depend on the day the tests run.
TODAY = datetime.date(2026, 12, 4)

# The one-time password of the demo accounts (conftest.py starts the server with it).
DEMO_PASSWORD = "demo-one-time-pw"

# Where signing in lands: the dashboard, or for the system administrator (who reads no records)
# the unit directory.
START_PAGE = re.compile(r"/(dashboard|units)(\?.*)?$")

# The server is shared by the whole test session: the passwords chosen so far, per account.
_passwords: dict[str, str] = {}


def new_page(browser: Browser, server, **kwargs) -> Page:
    """A page in a fresh browser context (own cookies) with the Vietnamese locale."""
    context = browser.new_context(base_url=server.url, locale="vi-VN", **kwargs)
    context.set_default_timeout(15_000)
    return context.new_page()


def login(page: Page, username: str, password: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")


def login_first_time(page: Page, username: str, new_password: str) -> None:
    """Log in with the one-time demo password and choose a new password as required; the start page,
    the target dashboard, opens."""
    login(page, username, DEMO_PASSWORD)
    expect(page.get_by_text("Đăng nhập sai quá nhiều lần"), f"{username} is throttled").to_have_count(0)
    expect(page).to_have_url(re.compile(r"/account/password$"))
    form = page.locator('form[action="/account/password"]')
    form.locator("#current").fill(DEMO_PASSWORD)
    form.locator("#new").fill(new_password)
    form.locator("#confirm").fill(new_password)
    # The header's logout form has a submit button too: click the one in the password form.
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(START_PAGE)
    _passwords[username] = new_password


def sign_in(page: Page, username: str) -> None:
    """Sign in as a demo account whichever test used it first: with the one-time password and a new
    one the first time in this session, with that new one afterwards."""
    if username in _passwords:
        login(page, username, _passwords[username])
        expect(page).to_have_url(START_PAGE)
    else:
        # Not containing the username: the password policy refuses that.
        login_first_time(page, username, "Kiem-thu-trinh-duyet-2026")


_axe = Axe()


def assert_accessible(page: Page, what: str) -> None:
    """Runs axe-core on the page as it is now: no serious or critical violation (WCAG 2.x A/AA and
    best practices). `what` names the page in the failure message."""
    violations = _axe.run(page).response["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert not bad, f"axe-core on {what} ({page.url}):\n" + "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in v["nodes"][:5]) for v in bad
    )
