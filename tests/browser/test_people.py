"""Browser test of the registers of people under management (issue 18): Lê Chân's officer
registers a person released from prison from the prison's notice (the residence check's clock
starts), opens the record after giving a reason, records the intake and a loan, and hands the
record over to Ngô Quyền when the person reports a move. Ngô Quyền's officer finds the notice,
opens the record (its history kept, the name shown once a reason is given); Lê Chân no longer
opens it, Thủy Nguyên never could (page and API), and the leader has no access to the registers at all.
The list shows initials only. Uses conftest.py's fixtures."""

from __future__ import annotations

import datetime
import os
import re
import subprocess

from playwright.sync_api import Browser, Page, expect

from conftest import BINARY, ROOT
from session import TODAY, assert_accessible, new_page, sign_in

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

FULL_NAME = "Nguyễn Văn Thử Nghiệm"
INITIALS = "N.V.T.N."
ID_NUMBER = "031090004217"
NOTICE_ON = TODAY - datetime.timedelta(days=3)  # the prison's notice reached the ward: the residence check runs
STARTED_ON = TODAY - datetime.timedelta(days=2)
INTAKE_ON = STARTED_ON
SUPPORT_ON = TODAY - datetime.timedelta(days=1)

LE_CHAN, NGO_QUYEN = "11383", "11329"


def ward_page(browser: Browser, server, username: str) -> Page:
    page = new_page(browser, server, viewport=DESKTOP, extra_http_headers={"Accept-Language": "vi"})
    sign_in(page, username)
    return page


def give_reason(page: Page, reason: str) -> None:
    """The page asked first in a session: which reason the record is opened for."""
    expect(page.get_by_role("heading", name="Lý do mở hồ sơ")).to_be_visible()
    page.get_by_label(reason).check()
    page.get_by_role("button", name="Mở hồ sơ").click()
    page.wait_for_load_state("load")


def register_person(page: Page) -> str:
    """Fills the registration form as from the prison's notice; returns the new record's code."""
    page.goto("/people")
    page.get_by_role("link", name="Đăng ký người được quản lý").click()
    expect(page.get_by_role("heading", name="Đăng ký người được quản lý")).to_be_visible()
    # The officer's own ward is offered as the managing unit.
    expect(page.locator("#f-unit")).to_have_value(LE_CHAN)
    page.select_option("#f-kind", "released-from-prison")
    page.fill("#f-full_name", FULL_NAME)
    page.fill("#f-birth_date", "1990-05-17")
    page.fill("#f-id_number", ID_NUMBER)
    page.fill("#f-address", "Số 12 ngõ 34 phố Thử Nghiệm, phường Lê Chân, thành phố Hải Phòng")
    page.fill("#f-basis_number", "125/GCN-TG")
    page.fill("#f-basis_date", (NOTICE_ON - datetime.timedelta(days=4)).isoformat())
    page.fill("#f-basis_issuer", "Trại giam Xuân Nguyên")
    page.fill("#f-notice_on", NOTICE_ON.isoformat())
    page.fill("#f-started_on", STARTED_ON.isoformat())
    page.fill("#f-helper", "Tổ dân phố số 3 và gia đình")
    page.locator('form[action="/people"]').get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("load")
    match = re.search(r"/people/([^/?#]+)$", page.url)
    assert match and match.group(1) not in ("new", "due"), f"registering did not open the new record: {page.url}"
    return match.group(1)


def record_event(page: Page, code: str, kind: str, on: datetime.date, detail: str = "", support: str = "", result: str = "") -> None:
    form = page.locator(f'form[action="/people/{code}/events"]')
    form.locator("#f-kind").select_option(kind)
    form.locator("#f-happened_on").fill(on.isoformat())
    if support:
        form.locator("#f-support_kind").select_option(support)
    if result:
        form.locator("#f-support_result").fill(result)
    if detail:
        form.locator("#f-detail").fill(detail)
    form.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(rf"/people/{re.escape(code)}$"))
    expect(page.locator(".error[role=alert]")).to_have_count(0)


def events_table(page: Page):
    return page.locator("section.card").filter(has=page.get_by_role("heading", name="Diễn biến", exact=True)).locator("table")


def clocks_table(page: Page):
    return page.locator("section.card").filter(has=page.get_by_role("heading", name="Thời hạn luật định")).locator("table")


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_ward_registers_a_released_person_and_hands_the_record_over(browser: Browser, server, artifacts) -> None:
    ward = ward_page(browser, server, "lechan")
    code = register_person(ward)

    # The first record opened in the session asks for a reason; the name is not shown before it.
    expect(ward.locator("main")).not_to_contain_text(FULL_NAME)
    ward.screenshot(path=str(artifacts / "people-reason.png"), full_page=True)
    assert_accessible(ward, "the reason page")
    give_reason(ward, "Quản lý, giúp đỡ người này")
    expect(ward).to_have_url(re.compile(rf"/people/{re.escape(code)}$"))
    expect(ward.get_by_role("heading", name=f"Hồ sơ {code}")).to_be_visible()
    identity = ward.locator("dl.details").first
    expect(identity).to_contain_text(FULL_NAME)
    expect(identity).to_contain_text(ID_NUMBER)
    expect(ward.locator("main")).to_contain_text("Người chấp hành xong án phạt tù")
    # The prison's notice started the residence check (3 working days).
    expect(clocks_table(ward).locator("tr").filter(has_text="Xác minh nơi cư trú")).to_have_count(1)

    record_event(ward, code, "intake", INTAKE_ON, detail="Đã gặp, ký cam kết chấp hành quy định quản lý")
    record_event(ward, code, "support", SUPPORT_ON, support="loan", result="Hồ sơ vay 30 triệu đồng đã gửi Ngân hàng Chính sách xã hội")
    events = events_table(ward)
    expect(events.locator("tbody tr").filter(has_text="Tiếp nhận, ký cam kết")).to_have_count(1)
    support_row = events.locator("tbody tr").filter(has_text="Vay vốn (Quyết định 22/2023/QĐ-TTg)")
    expect(support_row).to_have_count(1)
    expect(support_row).to_contain_text("Hỗ trợ")
    expect(support_row).to_contain_text("Hồ sơ vay 30 triệu đồng")
    ward.screenshot(path=str(artifacts / "people-person.png"), full_page=True)
    assert_accessible(ward, "the person's page")
    ward.set_viewport_size(PHONE)
    ward.screenshot(path=str(artifacts / "people-person-phone.png"), full_page=True)
    assert no_horizontal_overflow(ward), "the person's page scrolls sideways at 390 px"
    ward.set_viewport_size(DESKTOP)

    # The list: initials only, never the name.
    ward.goto("/people")
    expect(ward.get_by_role("heading", name="Người được quản lý")).to_be_visible()
    row = ward.locator("table tbody tr").filter(has=ward.get_by_role("link", name=code, exact=True))
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(INITIALS)
    expect(ward.locator("main")).not_to_contain_text(FULL_NAME)
    ward.screenshot(path=str(artifacts / "people-list.png"), full_page=True)
    assert_accessible(ward, "the list of people under management")

    # The person reports a move to Ngô Quyền: the record is handed over at once.
    ward.goto(f"/people/{code}")
    move = ward.locator(f'form[action="/people/{code}/move"]')
    move.locator("#f-to_unit").select_option(NGO_QUYEN)
    move.locator("#m-happened_on").fill(TODAY.isoformat())
    move.locator("#m-happened_at").fill("08:30")
    move.locator("#m-detail").fill("Chuyển về ở cùng gia đình tại phường Ngô Quyền")
    move.get_by_role("button", name="Bàn giao hồ sơ").click()
    ward.wait_for_load_state("load")
    expect(ward).to_have_url(re.compile(r"/people(\?.*)?$"))
    expect(ward.get_by_role("link", name=code, exact=True)).to_have_count(0)
    response = ward.goto(f"/people/{code}")
    assert response is not None and response.status == 403, f"Lê Chân still opens {code} after the hand-over: {response and response.status}"
    ward.context.close()

    # Ngô Quyền is told, and opens the record with its history.
    receiver = ward_page(browser, server, "ngoquyen")
    receiver.goto("/notifications")
    notice = receiver.locator("table tbody tr").filter(has_text="Người được quản lý chuyển đến").filter(
        has=receiver.locator(f'a[href="/people/{code}"]'))
    expect(notice).to_have_count(1)
    expect(notice).not_to_contain_text(FULL_NAME)
    receiver.screenshot(path=str(artifacts / "people-notification.png"), full_page=True)
    notice.locator(f'a[href="/people/{code}"]').click()
    receiver.wait_for_load_state("load")
    expect(receiver.locator("main")).not_to_contain_text(FULL_NAME)
    give_reason(receiver, "Tiếp nhận, bàn giao hồ sơ")
    expect(receiver).to_have_url(re.compile(rf"/people/{re.escape(code)}$"))
    expect(receiver.locator("dl.details").first).to_contain_text(FULL_NAME)
    expect(receiver.locator("main")).to_contain_text(f"Phường Ngô Quyền ({NGO_QUYEN})")
    events = events_table(receiver)
    expect(events.locator("tbody tr").filter(has_text="Tiếp nhận, ký cam kết")).to_have_count(1)
    expect(events.locator("tbody tr").filter(has_text="Vay vốn (Quyết định 22/2023/QĐ-TTg)")).to_have_count(1)
    moved = events.locator("tbody tr").filter(has_text="Chuyển nơi cư trú")
    expect(moved).to_have_count(1)
    expect(moved).to_contain_text("Phường Lê Chân → Phường Ngô Quyền")
    # The 24-hour move rules are the drug law's: a released prisoner's move starts no such clock.
    expect(clocks_table(receiver).locator("tr").filter(has_text="Trình diện tại nơi đến")).to_have_count(0)
    # The receiving ward may now record events on it.
    expect(receiver.locator(f'form[action="/people/{code}/events"]')).to_have_count(1)
    receiver.screenshot(path=str(artifacts / "people-person-received.png"), full_page=True)
    assert_accessible(receiver, "the handed-over person's page")
    # The API answers the same session (positive control for the refusals below).
    api = receiver.request.get(f"/api/v1/people/{code}?reason=management")
    assert api.status == 200, f"GET /api/v1/people/{code} for Ngô Quyền: {api.status} {api.text()[:300]}"
    assert api.json()["unit"] == NGO_QUYEN
    receiver.context.close()

    # A third ward never opens it: neither the page nor the API.
    other = ward_page(browser, server, "thuynguyen")
    response = other.goto(f"/people/{code}")
    assert response is not None and response.status == 403, f"Thủy Nguyên opens {code}: {response and response.status}"
    expect(other.locator("main")).not_to_contain_text(FULL_NAME)
    api = other.request.get(f"/api/v1/people/{code}?reason=management")
    assert api.status == 403, f"GET /api/v1/people/{code} for Thủy Nguyên: {api.status} {api.text()[:300]}"
    assert FULL_NAME not in api.text()
    other.context.close()

    # Every opening of the record is in the audit log (with its reason, never the name), and the
    # operator's check of the hash chain passes on the server's own database.
    office = ward_page(browser, server, "thuongtruc")
    office.goto(f"/admin/audit?entity=managed-person&action=read")
    log = office.locator("main")
    expect(log).to_contain_text(code)
    expect(log).to_contain_text("lechan")
    expect(log).to_contain_text("ngoquyen")
    expect(log).not_to_contain_text(FULL_NAME)
    office.context.close()
    env = dict(os.environ, SAFEGUARD_DATA_DIR=str(server.data_dir), SAFEGUARD_RESOURCES=str(ROOT / "Resources"))
    verify = subprocess.run([str(BINARY), "audit", "verify"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, f"safeguard audit verify: {verify.returncode}\n{verify.stdout}\n{verify.stderr}"


def test_leader_has_no_access_to_the_registers(browser: Browser, server) -> None:
    leader = ward_page(browser, server, "lanhdao")
    response = leader.goto("/people")
    assert response is not None and response.status == 403, f"the leader opens /people: {response and response.status}"
    leader.context.close()
