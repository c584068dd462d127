"""Browser test of the citizens' portal (issue 19): an anonymous citizen — a fresh browser, never
signed in — reads what can be reported, finds the ward by typing its name without diacritics,
sends a drugs report with a photo (the page's JavaScript does the proof of work), is given a
25-digit receipt that the page will not let go of before it is confirmed saved, and sees the report
received. Lê Chân's officer finds it in the queue and asks a question; the citizen, coming back
with the receipt only, reads it signed by the ward's police (no officer's name) and answers. The
officer makes it a crime report (tin báo, its legal deadline shown on the crime report's page) and
resolves it; the citizen is told, answers whether it was dealt with, and the answer is recorded.
Every public page passes axe at desktop and phone widths without sideways scrolling, and no
session cookie is ever given to the citizen's browser. Uses conftest.py's fixtures."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import struct
import zlib

from playwright.sync_api import Browser, BrowserContext, Page, expect

from session import TODAY, assert_accessible, new_page, sign_in

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

LE_CHAN, HONG_BANG = "11383", "11311"
WARD_POLICE = "Công an phường Lê Chân"
SESSION_COOKIE = "safeguard-session"

DESCRIPTION = ("Tối nào cũng có một nhóm 4–5 thanh niên tụ tập ở cuối ngõ 12 phố Thử Nghiệm, "
               "nghi sử dụng ma túy; có người lạ đi xe máy đến đưa gói nhỏ rồi đi ngay.")
PLACE = "Cuối ngõ 12 phố Thử Nghiệm, cạnh trạm biến áp"
OCCURRED_ON = TODAY - datetime.timedelta(days=1)
QUESTION = "Bạn có nhớ nhóm này thường tụ tập vào khoảng mấy giờ không?"
ANSWER = "Thường từ khoảng 22 giờ đến nửa đêm, nhiều nhất vào thứ Sáu và thứ Bảy."
OUTCOME = "Công an phường đã kiểm tra, lập biên bản và xử lý các đối tượng theo quy định. Cảm ơn bạn đã phản ánh."

RECEIPT_SHAPE = re.compile(r"^\d{5}( \d{5}){4}$")


def png(width: int = 48, height: int = 32) -> bytes:
    """A small real PNG (8-bit RGB, a colour gradient) made with zlib and struct."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"".join(bytes((x * 5 % 256, y * 7 % 256, 128)) for x in range(width)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


# The citizen's address, as the load balancer would report it: looked for in the logs and the database at the end.
CITIZEN_ADDRESS = "198.51.100.23"


def citizen_page(browser: Browser, server) -> Page:
    """A fresh browser context that never signs in: a citizen's phone or computer."""
    return new_page(browser, server, viewport=DESKTOP, extra_http_headers={"Accept-Language": "vi", "X-Forwarded-For": CITIZEN_ADDRESS})


def officer_page(browser: Browser, server, username: str) -> Page:
    page = new_page(browser, server, viewport=DESKTOP, extra_http_headers={"Accept-Language": "vi"})
    sign_in(page, username)
    return page


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def check_public_page(page: Page, what: str, artifacts, shot: str | None = None, phone_shot: str | None = None) -> None:
    """axe at desktop and at 390 px, no sideways scroll at 390 px; screenshots when named. The
    viewport changes in place (no reload: several of these pages answer a POST)."""
    if shot:
        page.screenshot(path=str(artifacts / shot), full_page=True)
    assert_accessible(page, f"{what} (desktop)")
    page.set_viewport_size(PHONE)
    try:
        if phone_shot:
            page.screenshot(path=str(artifacts / phone_shot), full_page=True)
        assert no_horizontal_overflow(page), f"{what} scrolls sideways at 390 px ({page.url})"
        assert_accessible(page, f"{what} (390 px)")
    finally:
        page.set_viewport_size(DESKTOP)


def assert_no_session_cookie(context: BrowserContext, when: str) -> None:
    cookies = context.cookies()
    assert not [c for c in cookies if c["name"] == SESSION_COOKIE], (
        f"the citizen's browser holds a {SESSION_COOKIE} cookie {when}: {[c['name'] for c in cookies]}")


def open_status(page: Page, receipt: str, artifacts, check: bool = False) -> None:
    """The citizen comes back with the receipt only: /tip/status, types it, opens the status."""
    response = page.goto("/tip/status")
    assert response is not None and response.status == 200, f"GET /tip/status: {response and response.status}"
    expect(page.get_by_role("heading", name="Tra cứu kết quả")).to_be_visible()
    if check:
        check_public_page(page, "the status look-up page", artifacts)
    page.fill("#receipt", receipt)
    with page.expect_response(lambda r: r.url.endswith("/tip/status") and r.request.method == "POST") as info:
        page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state("load")
    assert info.value.status == 200, f"POST /tip/status: {info.value.status}"
    expect(page.locator(".tip-state")).to_be_visible()


def send_report(page: Page) -> str:
    """Presses the form's Gửi: the page's JavaScript finds the proof of work, then sends the form.
    Waits for the receipt page; returns the receipt as shown ("ddddd ddddd ddddd ddddd ddddd")."""
    difficulty = int(page.locator("#tip-form").get_attribute("data-difficulty") or "0")
    # What the browser actually sends (Chromium does not report a multipart body with files to
    # Playwright): the form's data as built for the real submission, kept in this tab's storage.
    page.evaluate("""() => document.getElementById('tip-form').addEventListener('formdata', e => {
        sessionStorage.setItem('sent', JSON.stringify({challenge: e.formData.get('pow_challenge'), nonce: e.formData.get('pow_nonce')}));
    })""")
    with page.expect_response(lambda r: r.url.endswith("/tip/new") and r.request.method == "POST", timeout=120_000) as info:
        page.locator("#tip-form").get_by_role("button", name="Gửi").click()
    page.wait_for_load_state("load")
    assert info.value.status == 200, f"POST /tip/new: {info.value.status}\n{page.locator('main').inner_text()[:1500]}"
    # The receipt page has replaced the form (the response comes before the new page is there).
    expect(page.get_by_role("heading", name="Mã biên nhận")).to_be_visible()
    # Sent with a nonce the page found (not the no-JavaScript path), one that meets the difficulty.
    sent = json.loads(page.evaluate("() => sessionStorage.getItem('sent')") or "{}")
    page.evaluate("() => sessionStorage.removeItem('sent')")
    nonce, challenge = sent.get("nonce") or "", sent.get("challenge") or ""
    assert nonce.isdigit(), f"the form was sent without a proof-of-work nonce: {sent}"
    digest = int.from_bytes(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest(), "big")
    assert 256 - digest.bit_length() >= difficulty > 0, f"the nonce {nonce} does not meet the difficulty {difficulty}"
    receipt = " ".join(page.locator("p.receipt").inner_text().split())
    assert RECEIPT_SHAPE.match(receipt), f"the receipt is not 25 digits in five groups: {receipt!r}"
    return receipt


def confirm_receipt(page: Page, receipt: str) -> None:
    page.fill("#last_group", receipt[-5:])
    with page.expect_response(lambda r: r.url.endswith("/tip/receipt")) as info:
        page.get_by_role("button", name="Tôi đã lưu mã").click()
    page.wait_for_load_state("load")
    assert info.value.status == 200, f"confirming the receipt: {info.value.status}"
    expect(page.locator(".tip-state")).to_be_visible()


def status_messages(page: Page):
    return page.locator("section.card").filter(has=page.get_by_role("heading", name="Trao đổi")).locator(".message")


def report_line(page: Page, label: str):
    """The value (dd) of a row of the officer's report page's first list of facts."""
    return page.locator("dl.details").first.locator(f"dt:text-is('{label}') + dd")


def test_anonymous_citizen_reports_drugs_and_the_ward_answers(browser: Browser, server, artifacts) -> None:
    # ---- The citizen: what can be reported, then the form. ----
    citizen = citizen_page(browser, server)
    response = citizen.goto("/tip")
    assert response is not None and response.status == 200, f"GET /tip: {response and response.status}"
    expect(citizen.get_by_role("heading", name="Phản ánh, tố giác về an ninh, trật tự")).to_be_visible()
    expect(citizen.locator("main")).to_contain_text("Ma túy (mua bán, tàng trữ, tụ tập sử dụng)")
    expect(citizen.locator("main")).to_contain_text("113")
    # A public page: no officer's navigation, no sign-out.
    expect(citizen.get_by_role("link", name="Phản ánh của dân")).to_have_count(0)
    check_public_page(citizen, "the portal's home page /tip", artifacts, shot="tip-home.png")
    citizen.get_by_role("link", name="Gửi phản ánh").click()
    citizen.wait_for_load_state("load")
    expect(citizen).to_have_url(re.compile(r"/tip/new$"))
    expect(citizen.get_by_role("heading", name="Gửi phản ánh, tố giác")).to_be_visible()

    # The ward found by typing its name without diacritics.
    citizen.fill("#q", "le chan")
    citizen.get_by_role("button", name="Tìm").click()
    citizen.wait_for_load_state("load")
    expect(citizen).to_have_url(re.compile(r"/tip/new\?q=le"))
    communes = citizen.locator("#f-commune option")
    expect(communes.filter(has_text="Phường Lê Chân")).to_have_count(1)
    expect(citizen.locator(f'#f-commune option[value="{HONG_BANG}"]')).to_have_count(0)
    assert citizen.locator("#f-commune option[value]:not([value=''])").count() <= 3, "the search did not narrow the communes"
    citizen.select_option("#f-commune", LE_CHAN)

    citizen.select_option("#f-category", "drugs")
    expect(citizen.locator("#f-category option:checked")).to_have_text("Ma túy (mua bán, tàng trữ, tụ tập sử dụng)")
    citizen.fill("#f-place", PLACE)
    citizen.fill("#f-occurred_on", OCCURRED_ON.isoformat())
    citizen.fill("#f-description", DESCRIPTION)
    citizen.set_input_files("#f-files", files=[{"name": "anh-ngo-12.png", "mimeType": "image/png", "buffer": png()}])
    # Anonymous is the default; the reporter's fields stay empty.
    expect(citizen.locator('input[name="mode"][value="anonymous"]')).to_be_checked()
    difficulty = int(citizen.locator("#tip-form").get_attribute("data-difficulty") or "0")
    assert difficulty > 0, "the form asks no proof of work"
    check_public_page(citizen, "the report form /tip/new", artifacts, shot="tip-form.png", phone_shot="tip-form-phone.png")

    # Sending: the page works out the proof of work (about a second), then submits.
    receipt = send_report(citizen)
    expect(citizen.locator("main")).to_contain_text("Hình thức: Ẩn danh")
    check_public_page(citizen, "the receipt page", artifacts, shot="tip-receipt.png", phone_shot="tip-receipt-phone.png")

    # Leaving before confirming is warned about (beforeunload); staying keeps the receipt.
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    citizen.on("dialog", on_dialog)
    citizen.locator("#last_group").click()  # a user gesture: browsers warn only on pages the person touched
    citizen.evaluate("() => { window.location.href = '/tip'; }")
    citizen.wait_for_timeout(1500)
    assert "beforeunload" in dialogs, f"leaving the unconfirmed receipt gave no warning (dialogs: {dialogs})"
    expect(citizen.locator("p.receipt")).to_be_visible()
    citizen.remove_listener("dialog", on_dialog)

    # A wrong last group is refused and the receipt shown again.
    wrong = "00000" if not receipt.endswith("00000") else "11111"
    citizen.fill("#last_group", wrong)
    with citizen.expect_response(lambda r: r.url.endswith("/tip/receipt")) as info:
        citizen.get_by_role("button", name="Tôi đã lưu mã").click()
    citizen.wait_for_load_state("load")
    assert info.value.status == 422, f"a wrong last group: {info.value.status}"
    expect(citizen.locator(".error[role=alert]")).to_contain_text("5 chữ số chưa khớp")
    assert " ".join(citizen.locator("p.receipt").inner_text().split()) == receipt

    confirm_receipt(citizen, receipt)
    expect(citizen.get_by_role("heading", name="Tra cứu kết quả")).to_be_visible()
    expect(citizen.locator(".tip-state")).to_have_text("Đã tiếp nhận")
    expect(citizen.locator("dl.details")).to_contain_text(WARD_POLICE)
    expect(citizen.locator("main")).to_contain_text("Chưa có trao đổi.")
    check_public_page(citizen, "the status page (received)", artifacts, shot="tip-status.png", phone_shot="tip-status-phone.png")
    assert_no_session_cookie(citizen.context, "after sending the report")
    citizen.context.close()

    # ---- Lê Chân's officer: the queue, the report, a question. ----
    ward = officer_page(browser, server, "lechan")
    ward.get_by_role("link", name="Phản ánh của dân").first.click()
    ward.wait_for_load_state("load")
    expect(ward).to_have_url(re.compile(r"/tips$"))
    expect(ward.get_by_role("heading", name="Phản ánh của người dân")).to_be_visible()
    row = ward.locator("table tbody tr").filter(has_text="Ma túy").filter(has_text="Ẩn danh").filter(has_text="Đã tiếp nhận")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Phường Lê Chân")
    ward.screenshot(path=str(artifacts / "tips-queue.png"), full_page=True)
    assert_accessible(ward, "the officers' queue /tips")
    row.get_by_role("link").first.click()
    ward.wait_for_url(re.compile(r"/tips/\d+$"))
    match = re.search(r"/tips/(\d+)$", ward.url)
    assert match, f"the queue's link opened {ward.url}"
    tip_id = match.group(1)
    expect(ward.locator("p.prewrap")).to_have_text(DESCRIPTION)
    expect(report_line(ward, "Địa điểm cụ thể")).to_have_text(PLACE)
    expect(report_line(ward, "Hình thức")).to_have_text("Ẩn danh")
    expect(report_line(ward, "Trạng thái")).to_have_text("Đã tiếp nhận")
    expect(ward.locator("main")).to_contain_text("Ẩn danh: không có thông tin về người phản ánh.")
    # The photo arrived, checked by its content, for the officers only, as a download.
    photo = ward.locator(f'a[href="/tips/{tip_id}/files/0"]')
    expect(photo).to_contain_text("image/png")
    download = ward.request.get(f"/tips/{tip_id}/files/0")
    assert download.status == 200 and download.body() == png(), f"the photo as downloaded: {download.status}"
    assert "attachment" in download.headers.get("content-disposition", "")

    ward.fill("#f-text", QUESTION)
    ward.locator(f'form[action="/tips/{tip_id}/messages"]').get_by_role("button", name="Gửi").click()
    ward.wait_for_load_state("load")
    expect(ward).to_have_url(re.compile(rf"/tips/{tip_id}$"))
    expect(ward.locator(".message").filter(has_text=QUESTION)).to_have_count(1)
    ward.screenshot(path=str(artifacts / "tips-report.png"), full_page=True)
    assert_accessible(ward, "the officer's report page")
    ward.context.close()

    # ---- The citizen comes back with the receipt and answers. ----
    citizen = citizen_page(browser, server)
    # Typed without the spaces, as a person copying it may.
    open_status(citizen, receipt.replace(" ", ""), artifacts, check=True)
    expect(citizen.locator(".tip-state")).to_have_text("Đã tiếp nhận")
    question = status_messages(citizen).filter(has_text=QUESTION)
    expect(question).to_have_count(1)
    expect(question).to_contain_text(WARD_POLICE)
    expect(citizen.locator("main")).not_to_contain_text("lechan")
    citizen.fill("#text", ANSWER)
    with citizen.expect_response(lambda r: r.url.endswith("/tip/message")) as info:
        citizen.locator('form[action="/tip/message"]').get_by_role("button", name="Gửi").click()
    citizen.wait_for_load_state("load")
    assert info.value.status == 200, f"POST /tip/message: {info.value.status}"
    answer = status_messages(citizen).filter(has_text=ANSWER)
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text("Bạn")
    check_public_page(citizen, "the status page with the conversation", artifacts, shot="tip-status-conversation.png")
    assert_no_session_cookie(citizen.context, "after answering the question")
    citizen.context.close()

    # ---- The officer: reads the answer, makes it a crime report, resolves it. ----
    ward = officer_page(browser, server, "lechan")
    ward.goto(f"/tips/{tip_id}")
    reply = ward.locator(".message").filter(has_text=ANSWER)
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("Người dân")
    actions = ward.locator(f'form[action="/tips/{tip_id}/actions"]')
    actions.locator("#f-action").select_option("open-crime-report")
    actions.get_by_role("button", name="Lưu").click()
    ward.wait_for_load_state("load")
    expect(ward).to_have_url(re.compile(rf"/tips/{tip_id}$"))
    expect(ward.locator(".error[role=alert]")).to_have_count(0)
    expect(report_line(ward, "Trạng thái")).to_have_text("Đang giải quyết theo quy định")
    crime_link = ward.get_by_role("link", name=f"TB-{tip_id}")
    expect(crime_link).to_have_attribute("href", f"/records/reports/TB-{tip_id}")
    ward.screenshot(path=str(artifacts / "tips-report-crime.png"), full_page=True)

    # The crime report (tin báo, received today: an anonymous report's clock runs from its verification), with its deadline.
    crime_link.click()
    ward.wait_for_load_state("load")
    expect(ward).to_have_url(re.compile(rf"/records/reports/TB-{tip_id}$"))
    expect(ward.get_by_role("heading", name=f"Số tin báo TB-{tip_id}")).to_be_visible()
    facts = ward.locator("dl.details").first
    expect(facts).to_contain_text(f"phản ánh số {tip_id}")
    expect(facts.locator("dt:text-is('Ngày tiếp nhận') + dd")).to_have_text(TODAY.strftime("%d/%m/%Y"))
    expect(facts.locator("dt:text-is('Loại') + dd")).to_contain_text("Tin báo")
    # The deadline's row (its label begins with "Hạn").
    deadline_dd = facts.locator("dt:text-matches('^Hạn') + dd")
    expect(deadline_dd).to_have_count(1)
    deadline = deadline_dd.inner_text().strip()
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", deadline), f"the crime report shows no deadline: {deadline!r}"
    d, m, y = (int(x) for x in deadline.split("/"))
    assert (y, m, d) > (TODAY.year, TODAY.month, TODAY.day), f"the crime report's deadline {deadline} is not after today"
    ward.screenshot(path=str(artifacts / "tips-crime-report.png"), full_page=True)

    ward.goto(f"/tips/{tip_id}")
    actions = ward.locator(f'form[action="/tips/{tip_id}/actions"]')
    # Resolving needs what the citizen is told.
    actions.locator("#f-action").select_option("resolve")
    actions.locator("#f-note").fill(OUTCOME)
    actions.get_by_role("button", name="Lưu").click()
    ward.wait_for_load_state("load")
    expect(ward.locator(".error[role=alert]")).to_have_count(0)
    expect(report_line(ward, "Trạng thái")).to_have_text("Đã giải quyết")
    # Finished: no more steps, no more messages.
    expect(ward.locator(f'form[action="/tips/{tip_id}/actions"]')).to_have_count(0)
    expect(ward.locator(f'form[action="/tips/{tip_id}/messages"]')).to_have_count(0)
    ward.context.close()

    # ---- The citizen is told and answers whether it was dealt with. ----
    citizen = citizen_page(browser, server)
    open_status(citizen, receipt, artifacts)
    expect(citizen.locator(".tip-state")).to_have_text("Đã giải quyết")
    expect(citizen.locator("dl.details")).to_contain_text(OUTCOME)
    expect(citizen.get_by_role("group", name="Vấn đề bạn phản ánh đã được xử lý chưa?")).to_be_visible()
    # A finished report takes no more messages.
    expect(citizen.locator('form[action="/tip/message"]')).to_have_count(0)
    check_public_page(citizen, "the status page asking for feedback", artifacts, shot="tip-status-feedback.png",
                      phone_shot="tip-status-feedback-phone.png")
    citizen.get_by_label("Đã được xử lý").check()
    with citizen.expect_response(lambda r: r.url.endswith("/tip/feedback")) as info:
        citizen.get_by_role("button", name="Gửi ý kiến").click()
    citizen.wait_for_load_state("load")
    assert info.value.status == 200, f"POST /tip/feedback: {info.value.status}"
    expect(citizen.locator("dl.details dt:text-is('Ý kiến của bạn') + dd")).to_have_text("Đã được xử lý")
    expect(citizen.get_by_role("button", name="Gửi ý kiến")).to_have_count(0)
    check_public_page(citizen, "the status page after feedback", artifacts, shot="tip-status-done.png")

    # The public statistics count the ward's report.
    response = citizen.goto("/tip/statistics")
    assert response is not None and response.status == 200, f"GET /tip/statistics: {response and response.status}"
    expect(citizen.get_by_role("heading", name="Thống kê tiếp nhận")).to_be_visible()
    stat = citizen.locator("table tbody tr").filter(has_text="Phường Lê Chân")
    expect(stat).to_have_count(1)
    assert int(stat.locator("td").nth(1).inner_text()) >= 1
    check_public_page(citizen, "the public statistics /tip/statistics", artifacts, shot="tip-statistics.png",
                      phone_shot="tip-statistics-phone.png")
    assert_no_session_cookie(citizen.context, "after the whole journey")
    citizen.context.close()

    # The answer is recorded on the officer's side too.
    ward = officer_page(browser, server, "lechan")
    ward.goto(f"/tips/{tip_id}")
    expect(report_line(ward, "Ý kiến người dân sau khi giải quyết")).to_have_text("Đã được xử lý")
    ward.context.close()

    # Nothing holds the citizen's address: not the server's log, not the database (file and write-ahead log).
    assert CITIZEN_ADDRESS not in server.log(), "the server's log holds the citizen's address"
    for name in ("safeguard.sqlite", "safeguard.sqlite-wal"):
        path = server.data_dir / name
        if path.exists():
            assert CITIZEN_ADDRESS.encode() not in path.read_bytes(), f"{name} holds the citizen's address"


def test_unknown_receipt_is_refused_without_a_session(browser: Browser, server, artifacts) -> None:
    citizen = citizen_page(browser, server)
    citizen.goto("/tip/status")
    citizen.fill("#receipt", "12345 67890 12345 67890 12345")
    with citizen.expect_response(lambda r: r.url.endswith("/tip/status") and r.request.method == "POST") as info:
        citizen.get_by_role("button", name="Xem").click()
    citizen.wait_for_load_state("load")
    assert info.value.status == 404, f"an unknown receipt: {info.value.status}"
    expect(citizen.locator(".error[role=alert]")).to_have_text("Mã biên nhận không đúng.")
    check_public_page(citizen, "the status look-up page with an unknown receipt", artifacts)
    assert_no_session_cookie(citizen.context, "after an unknown receipt")
    citizen.context.close()


def quick_report(browser: Browser, server, category: str, description: str) -> tuple[Page, str]:
    """A citizen sends a short anonymous report about Lê Chân; returns the page on the receipt and the receipt."""
    citizen = citizen_page(browser, server)
    citizen.goto("/tip/new")
    citizen.select_option("#f-category", category)
    citizen.select_option("#f-commune", LE_CHAN)
    citizen.fill("#f-description", description)
    return citizen, send_report(citizen)


def test_receipt_and_status_pages_offer_no_link_that_loses_the_receipt(browser: Browser, server) -> None:
    """PortalController.receiptPage and statusPage blank page.switchLanguage ("Leaving this page
    loses the receipt: no language link on it"): the header must then show no language link."""
    citizen, receipt = quick_report(browser, server, "gambling", "Có tụ điểm ghi lô đề trong quán nước đầu ngõ 7 phố Thử Nghiệm.")
    link = citizen.locator("header a.lang")
    assert link.count() == 0, (f"the receipt page shows a language link {link.first.inner_text()!r} "
                               f"href={link.first.get_attribute('href')!r}: following it leaves the unconfirmed receipt")
    confirm_receipt(citizen, receipt)
    link = citizen.locator("header a.lang")
    assert link.count() == 0, f"the status page shows a language link href={link.first.get_attribute('href')!r}"
    citizen.context.close()


def test_the_report_shows_the_crime_reports_deadline(browser: Browser, server) -> None:
    """Once a report becomes a crime report, its due date is the crime report's legal deadline:
    the officer's report page must show the same date as the crime report's page."""
    citizen, receipt = quick_report(browser, server, "theft", "Xe máy bị lấy trộm trước cửa nhà số 5 phố Thử Nghiệm lúc rạng sáng.")
    confirm_receipt(citizen, receipt)
    citizen.context.close()
    ward = officer_page(browser, server, "lechan")
    ward.goto("/tips")
    row = ward.locator("table tbody tr").filter(has_text="Trộm cắp").filter(has_text="Đã tiếp nhận")
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    ward.wait_for_url(re.compile(r"/tips/\d+$"))
    tip_id = re.search(r"/tips/(\d+)$", ward.url).group(1)
    actions = ward.locator(f'form[action="/tips/{tip_id}/actions"]')
    actions.locator("#f-action").select_option("open-crime-report")
    actions.get_by_role("button", name="Lưu").click()
    ward.wait_for_load_state("load")
    expect(report_line(ward, "Trạng thái")).to_have_text("Đang giải quyết theo quy định")
    tip_due = report_line(ward, "Hạn").inner_text().strip()
    ward.goto(f"/records/reports/TB-{tip_id}")
    deadline = ward.locator("dl.details").first.locator("dt:text-matches('^Hạn') + dd").inner_text().strip()
    assert tip_due == deadline, (f"/tips/{tip_id} shows 'Hạn' {tip_due!r} but its crime report TB-{tip_id} "
                                 f"shows the deadline {deadline!r}")
    ward.context.close()
