"""Browser test of the plan flow: login, forced password change, plan page, filter,
language switch, logout; plus a phone-width layout check and login throttling.

Starts its own server (the already-built debug binary) on a free port with a fresh
temporary data directory, and drives it with headless Chromium through Playwright.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("SAFEGUARD_BINARY", ROOT / ".build" / "debug" / "safeguard"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"

DEMO_PASSWORD = "demo-one-time-pw"
NEW_PASSWORD = "Browser-test-pw-2026"
READY_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as resp:
                if resp.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    return False


class Server:
    def __init__(self, url: str, log_path: Path):
        self.url = url
        self.log_path = log_path
        self.failed = False  # set when the server never became ready

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"


def _print_server_log(request, srv: Server, lines: int = 300) -> None:
    """Show the tail of the server log on the terminal (bypassing pytest's capture) and keep a copy."""
    text = srv.log()
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "server.log").write_text(text)
    except OSError:
        pass
    tail = "\n".join(text.splitlines()[-lines:])
    message = f"\n----- server log (last {lines} lines; full copy in artifacts/server.log) -----\n{tail}\n----- end of server log -----\n"
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print(message, flush=True)
    else:
        print(message, flush=True)


@pytest.fixture(scope="session")
def server(request):
    if not BINARY.exists():
        pytest.fail(f"server binary not found: {BINARY} (build it first)")
    tmp = Path(tempfile.mkdtemp(prefix="safeguard-browser-"))
    data_dir = tmp / "data"
    data_dir.mkdir()
    log_path = tmp / "server.log"
    port = _free_port()
    env = dict(os.environ)
    env.update(
        SAFEGUARD_DATA_DIR=str(data_dir),
        SAFEGUARD_DEMO_PASSWORD=DEMO_PASSWORD,
        SAFEGUARD_RESOURCES=str(ROOT / "Resources"),
    )
    env.pop("SAFEGUARD_DEMO", None)
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    srv = Server(f"http://127.0.0.1:{port}", log_path)
    try:
        if not _wait_ready(srv.url, proc, READY_TIMEOUT):
            srv.failed = True
            pytest.fail(f"server did not become ready on {srv.url} (exit code {proc.poll()})")
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        if srv.failed or request.session.testsfailed:
            _print_server_log(request, srv)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _new_page(browser: Browser, server: Server, **kwargs) -> Page:
    context = browser.new_context(base_url=server.url, locale="vi-VN", **kwargs)
    context.set_default_timeout(15_000)
    return context.new_page()


def _login(page: Page, username: str, password: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("load")


def _login_first_time(page: Page, username: str) -> None:
    """Log in with the one-time demo password and choose a new password as required."""
    _login(page, username, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/password$"))
    page.fill("#current", DEMO_PASSWORD)
    page.fill("#new", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.locator('form[action="/account/password"] button[type="submit"]').click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/plan(\?.*)?$"))


def test_plan_flow(browser, server, artifacts):
    page = _new_page(browser, server, viewport={"width": 1280, "height": 900})
    try:
        _login_first_time(page, "hongbang")

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
    page = _new_page(
        browser,
        server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    try:
        # Another commune officer, so the order of the tests does not matter.
        _login_first_time(page, "thuynguyen")
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


def test_login_throttled_after_repeated_failures(browser, server):
    page = _new_page(browser, server)
    try:
        for attempt in range(1, 7):
            _login(page, "lanhdao", f"wrong-password-{attempt}")
            expect(page).to_have_url(re.compile(r"/login"))
            error = page.locator(".error, [role=alert]")
            if attempt < 6:
                expect(error.first).to_be_visible()
                expect(page.get_by_text("Đăng nhập sai quá nhiều lần")).to_have_count(0)
            else:
                expect(page.get_by_text("Đăng nhập sai quá nhiều lần")).to_be_visible()
    finally:
        page.context.close()
