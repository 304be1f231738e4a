"""The issue's journey, in a real browser, every step through the pages only: register →
usage request → an examiner approves → file an EXT with a photo and a PDF (an encrypted PDF is
refused with its reason on the page; the filer deletes it and attaches a good one, as the
manual says) → the examiner requests a correction → the filer answers → approve → the status
list shows 発行待ち. On the way, each page type is checked with axe-core,
switched to English and back, and photographed at 1280 and 390 px."""

import uuid
from typing import Any

from residency_devstack.samples import jpeg_bytes, pdf_bytes

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.web.support import (
    accessible,
    examiner,
    language_switch_works,
    log_in,
    mail_token,
    screenshots,
    until_present,
    until_text,
)

PASSWORD = "Web-Journey1!"


async def check(page: Any, name: str, english: str | None, shots: bool = False) -> None:
    await accessible(page, name)
    if english is not None:
        await language_switch_works(page, english)
    if shots:
        await screenshots(page, name)


async def register(page: Any, stack: Any, email: str) -> str:
    await page.goto("/")
    await check(page, "top", "Sign up", shots=True)
    await page.get_by_role("link", name="新規登録").first.click()
    await check(page, "register-terms", "Terms of use")
    await page.get_by_role("button", name="同意する").click()
    await check(page, "register-email", "Email address")
    await page.locator("#f-email").fill(email)
    await page.locator("#f-email_confirm").fill(email + ".typo")
    await page.get_by_role("button", name="登録する").click()  # differing: refused at the field
    assert "メールアドレス（確認用）が一致しません。" in \
        await page.locator(".error-summary").inner_text()
    await accessible(page, "register-email-error")
    await page.locator("#f-email_confirm").fill(email)
    await page.get_by_role("button", name="登録する").click()
    assert "メールを送信しました" in await page.locator("h1").inner_text()
    await accessible(page, "register-mail-sent")
    token = await mail_token(stack.mail_api_url, email, "利用者登録のご案内",
                             "/accounts/registration")
    await page.goto(f"/accounts/registration?token={token}")
    assert "token" not in page.url  # the token left the address bar at once
    await check(page, "register-profile", "Your details")
    await page.get_by_label("利用者区分").select_option("organization_staff")
    await page.get_by_label("氏名（ローマ字）").fill("SAMPLE,HANAKO")
    await page.get_by_label("電話番号").fill("0300000001")
    await page.locator("#f-password").fill("short")
    rule = page.locator("[data-rule=length]")
    assert await rule.get_attribute("data-met") == "false"  # the rule, checked while typing
    await page.locator("#f-password").fill(PASSWORD)
    assert await rule.get_attribute("data-met") == "true"
    await page.locator("#f-password_confirm").fill(PASSWORD)
    await screenshots(page, "register-profile")
    await page.get_by_role("button", name="確認へ進む").click()
    await check(page, "register-confirm", "Check your details")
    assert "SAMPLE,HANAKO" in await page.locator("main").inner_text()
    await page.get_by_role("button", name="登録する").click()
    login_id = (await page.locator("#registered-login-id").inner_text()).strip()
    assert login_id.startswith("U")
    await check(page, "register-done", "Registration complete")
    return login_id


async def usage_request(page: Any) -> str:
    await page.get_by_role("link", name="利用申出を行う").first.click()
    await check(page, "usage-request", "Usage request", shots=True)
    await page.locator("#f-organization-name").fill("Sample Web School")
    await page.get_by_label("所在地").fill("3-3 Example-cho, Tokyo")
    await page.get_by_label("電話番号").fill("031234567")  # 9 digits: intake refuses it
    await page.get_by_label("申出先の地方出入国在留管理官署").select_option("高")
    await page.get_by_role("button", name="入力内容を登録して資料の添付へ進む").click()
    phone_error = page.locator("#f-organization-phone-error")
    assert await phone_error.count() == 1, "intake's refusal is shown at the field"
    assert await page.locator(".error-summary a[href='#f-organization-phone']").count() == 1
    await accessible(page, "usage-request-error")
    await page.get_by_label("電話番号").fill("0312345678")
    await page.get_by_role("button", name="入力内容を登録して資料の添付へ進む").click()
    await page.get_by_label("資料（PDF）").set_input_files(
        files=[{"name": "request.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}])
    await page.get_by_role("button", name="添付する").click()
    await page.locator(".verdict[data-code=OK]").wait_for()  # polled in place by htmx
    await check(page, "usage-filing", "Usage request")
    await page.get_by_role("link", name="確認へ進む").click()  # 申込確認 first (manual §3.3.4)
    assert "申込確認" in await page.locator("h1").inner_text()
    await accessible(page, "usage-confirm")
    await page.get_by_role("button", name="申込む").click()
    await until_text(page, "#filing-status", "申請完了")
    return (await page.locator("#filing-reference").inner_text()).strip()


async def examine(page: Any, reference: str, *steps: tuple[str, dict[str, str], str]) -> None:
    """From the queue, the application with that reference number: each (action, fields,
    status it leads to)."""
    await page.goto("/examiner")
    await page.locator("tbody tr", has_text=reference).get_by_role("link").click()
    for action, fields, status in steps:
        form = page.locator("form", has=page.locator(f"input[name=action][value={action}]"))
        await until_present(page, form)  # the status before it arrives a moment later
        for name, value in fields.items():
            control = form.locator(f"[name={name}]")
            if await control.evaluate("e => e.tagName") == "SELECT":
                await control.select_option(value)
            else:
                await control.fill(value)
        await form.locator("button[type=submit]").click()
        assert "処理を受け付けました" in await page.locator(".notice").inner_text()
        await until_text(page, "#examiner-status", status)


async def fill_ext(page: Any, passport: str) -> None:
    values = {
        "content.identity.latin_name": "SAMPLE,JIRO",
        "content.identity.date_of_birth": "2000-01-31", "content.identity.occupation": "student",
        "content.identity.home_town": "SAMPLE CITY",
        "content.identity.address_in_japan": "1-1 Example-cho, Sample-ku",
        "content.identity.passport_number": passport,
        "content.identity.passport_expiry": "2030-01-01",
        "content.current_status.period_of_stay": "1 year",
        "content.current_status.expiry_date": "2027-03-31",
        "content.current_status.residence_card_number": "AB12345678CD",
        "content.desired_period": "2 years", "content.reason": "To continue my studies.",
        "content.notification_email": "applicant@example.com",
    }
    for name, value in values.items():
        await page.locator(f"[name='{name}']").fill(value)
    await page.locator("[name='content.identity.nationality']").select_option("VNM")
    await page.locator("[name='content.identity.sex']").select_option("M")
    await page.locator("[name='content.identity.marital_status']").select_option("single")
    await page.locator("[name='content.current_status.status_of_residence']").select_option(
        "student")
    await page.locator("[name='content.receipt_method']").select_option("mail")
    await page.locator("[name='content.applicant_intent_confirmed']").check()
    await page.locator("[name='content.content_true']").check()


async def upload(page: Any, label: str, name: str, mime: str, data: bytes) -> None:
    await page.get_by_label(label).set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])
    await page.locator("form", has=page.get_by_label(label)).get_by_role(
        "button", name="添付する").click()


async def test_register_request_access_file_correct_and_see_it_ready_to_issue(
        new_page: Any, stack: Any) -> None:
    filer = await new_page()
    email = f"web-{uuid.uuid4().hex[:8]}@example.ac.jp"
    login_id = await register(filer, stack, email)

    await log_in(filer, login_id, PASSWORD)
    assert filer.url.endswith("/mypage")
    await check(filer, "mypage-new-staff", "My page")
    usage_reference = await usage_request(filer)

    officer = await new_page()
    await log_in(officer, await examiner(stack, "高"), STAFF_PASSWORD)
    await check(officer, "examiner-queue", "Examination queue", shots=True)
    await examine(officer, usage_reference, ("take", {}, "審査中"), ("approve", {}, "完了"))

    await filer.goto("/mypage")
    await until_text(filer, "#org-access", "承認済み")
    await check(filer, "mypage", "My page", shots=True)

    # the procedure, found by keyword with synonyms, then its form in sections
    await filer.get_by_role("link", name="手続きを検索する").first.click()
    await filer.get_by_label("キーワード").fill("在留期間 更新")
    await filer.get_by_role("button", name="検索する").click()
    await check(filer, "procedures", "Find a procedure", shots=True)
    await filer.get_by_role("link", name="在留期間更新許可申請").click()
    await check(filer, "procedure", "Apply for this procedure")
    await filer.get_by_role("link", name="この手続きを申請する").click()
    await check(filer, "apply-empty", "Fill in the application")
    # controls that matter only with a box ticked or not (static/js): the criminal record's
    # details; a simultaneous application's fields once it is ticked, its own identity while
    # its personal items are not copied
    details = filer.locator("[name='content.identity.criminal_record_details']")
    assert not await details.is_visible()
    await filer.locator("[name='content.identity.criminal_record']").check()
    assert await details.is_visible()
    await filer.locator("[name='content.identity.criminal_record']").uncheck()
    own = filer.locator("[name='simultaneous.REE.content.identity.latin_name']")
    assert not await own.is_visible()  # re-entry not ticked
    await filer.locator("[name='simultaneous.REE.include']").check()
    assert await own.is_visible()
    await filer.locator("[name='simultaneous.REE.copy.personal_items']").check()
    assert not await own.is_visible()
    await filer.locator("[name='simultaneous.REE.copy.personal_items']").uncheck()
    await filer.locator("[name='simultaneous.REE.include']").uncheck()

    # first application: an error shown at its field, a draft saved, then the encrypted PDF
    await fill_ext(filer, "TE7000001")
    await filer.locator("[name='content.identity.latin_name']").fill("sample taro")
    await filer.get_by_role("button", name="入力内容を登録して資料の添付へ進む").click()
    assert await filer.locator("#f-content-identity-latin_name-error").count() == 1
    assert await filer.locator(
        ".error-summary a[href='#f-content-identity-latin_name']").count() == 1
    await accessible(filer, "apply-error")
    await screenshots(filer, "apply-error")
    await filer.locator("[name='content.identity.latin_name']").fill("SAMPLE,JIRO")
    await filer.get_by_role("button", name="入力中のデータを保存する").click()
    assert "入力中のデータを保存しました" in await filer.locator(".notice").inner_text()
    await filer.get_by_role("button", name="入力内容を登録して資料の添付へ進む").click()
    await upload(filer, "顔写真", "photo.jpg", "image/jpeg", jpeg_bytes())
    await upload(filer, "資料（PDF）", "locked.pdf", "application/pdf", pdf_bytes("pw"))
    await filer.locator(".verdict[data-code=PDF_ENCRYPTED]").wait_for()
    await filer.locator(".verdict[data-code=OK]").wait_for()
    refusal = await filer.locator(".verdict[data-code=PDF_ENCRYPTED]").inner_text()
    assert "PDF_ENCRYPTED" in refusal and len(refusal) > len("PDF_ENCRYPTED") + 2  # its reason
    assert "残り 18 ファイル" in await filer.locator("#remaining").inner_text()
    await check(filer, "attachments", "Photo and documents", shots=True)
    await filer.get_by_role("link", name="確認へ進む").click()
    await filer.get_by_role("button", name="申込む").click()
    summary = await filer.locator(".error-summary").inner_text()
    assert refusal.replace("PDF_ENCRYPTED", "").strip() in summary  # refused, and why
    await accessible(filer, "confirm-refused")

    # as the manual says (§4.2.3 [削除]): delete the refused PDF, attach a good one, file it
    await filer.get_by_role("link", name="顔写真の登録・資料の添付").click()
    await filer.locator("tr", has=filer.locator(".verdict[data-code=PDF_ENCRYPTED]")).get_by_role(
        "button", name="削除").click()
    assert "添付ファイルを削除しました" in await filer.locator(".notice").inner_text()
    assert await filer.locator(".verdict[data-code=PDF_ENCRYPTED]").count() == 0
    assert "残り 19 ファイル" in await filer.locator("#remaining").inner_text()
    await upload(filer, "資料（PDF）", "passport.pdf", "application/pdf", pdf_bytes())
    await filer.locator("#attachment-table:not([hx-get])").wait_for()  # checked
    assert await filer.locator(".verdict[data-code=OK]").count() == 2
    assert "残り 18 ファイル" in await filer.locator("#remaining").inner_text()
    await filer.get_by_role("link", name="確認へ進む").click()
    await check(filer, "confirm", "Check your application", shots=True)
    await filer.get_by_role("button", name="申込む").click()
    reference = (await filer.locator("#reference-number").inner_text()).strip()
    assert reference.isdigit() and len(reference) == 10
    await check(filer, "filed", "Application filed", shots=True)

    await examine(officer, reference, ("take", {}, "審査中"),
                  ("request_correction", {"items": "Certificate of enrollment"}, "返却中"))
    await check(officer, "examiner-detail", "Examine an application", shots=True)

    await filer.goto("/applications")
    await filer.get_by_role("link", name="在留期間更新許可申請").first.click()
    await until_text(filer, "#application-status", "返却中")
    await check(filer, "application-returned", "Application")
    await filer.get_by_role("link", name="修正する").click()
    await check(filer, "corrections", "Requested corrections", shots=True)
    await upload(filer, "資料（PDF）", "enrollment.pdf", "application/pdf", pdf_bytes())
    await filer.locator("#attachment-table:not([hx-get])").wait_for()
    await filer.get_by_label("対応内容").fill("Attached the certificate.")
    await filer.get_by_role("button", name="回答する").click()
    assert "回答を送信しました" in await filer.locator(".notice").inner_text()

    await examine(officer, reference, ("approve", {"granted_period": "1 year"}, "発行待ち"))

    await filer.goto("/applications")
    await filer.get_by_label("番号・氏名").fill(reference)
    await filer.get_by_role("button", name="検索する").click()
    assert reference not in filer.url  # the search stays out of the address
    rows = filer.locator("tbody tr")
    assert await rows.count() == 1
    assert "発行待ち" in await rows.first.inner_text()
    await check(filer, "status-list", "Application status", shots=True)
    await rows.first.get_by_role("link").click()
    await filer.get_by_role("link", name="申込内容印刷").click()
    await check(filer, "print", "Application")
    assert "発行待ち" in await filer.locator("#application-status").inner_text()
