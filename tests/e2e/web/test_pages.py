"""The pages around the journey: login refusals at the field and in the summary in the chosen
language, the forgotten user ID and password pages, profile changes, the session-expiry
warning with "extend", an examiner's empty queue and the not-found page — each checked with axe-core
and the language switch."""

from typing import Any

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.web.support import (
    accessible,
    examiner,
    language_switch_works,
    log_in,
    screenshots,
    staff_member,
)


async def test_login_refusals_and_forgotten_id_and_password_pages(new_page: Any) -> None:
    page = await new_page()
    await page.goto("/login")
    await accessible(page, "login")
    await language_switch_works(page, "Forgotten your password?")
    await screenshots(page, "login")
    await page.get_by_role("button", name="ログインする").click()  # nothing typed
    assert await page.locator("#f-login_id-error").inner_text() == "! 利用者 ID を入力してください。" \
        or "利用者 ID を入力してください。" in await page.locator("#f-login_id-error").inner_text()
    await page.locator(".error-summary a[href='#f-login_id']").click()
    assert await page.evaluate("document.activeElement.id") == "f-login_id"  # summary → field
    await accessible(page, "login-error")
    await page.get_by_role("button", name="English").click()
    await page.locator("#f-login_id").fill("U000000000")
    await page.locator("#f-password").fill("Wrong-Pass1!")
    await page.get_by_role("button", name="Log in").click()
    summary = await page.locator(".error-summary").inner_text()
    assert "There is a problem" in summary and "password" in summary.lower()  # intake's EN text
    await page.get_by_role("button", name="日本語").click()
    # The page after a refusal switches language with the refusal and the typed ID kept.
    assert "パスワードが正しくありません" in await page.locator(".error-summary").inner_text()
    assert await page.locator("#f-login_id").input_value() == "U000000000"

    await page.get_by_role("link", name="利用者 ID を忘れた場合").click()
    await accessible(page, "forgot-user-id")
    await language_switch_works(page, "Forgotten user ID")
    await page.locator("#f-email").fill("nobody@example.com")
    await page.locator("#f-latin_name").fill("SAMPLE,TARO")
    await page.get_by_role("button", name="完了する").click()
    assert "メールをお送りしました" in await page.locator("main").inner_text()

    await page.goto("/forgot/password")
    await accessible(page, "forgot-password")
    await language_switch_works(page, "Forgotten password")
    await page.locator("#f-login_id").fill("U000000000")
    await page.locator("#f-email").fill("nobody@example.com")
    await page.get_by_role("button", name="完了する").click()
    assert "メールをお送りしました" in await page.locator("main").inner_text()


async def test_profile_changes_and_the_session_expiry_warning(new_page: Any,
                                                               stack: Any) -> None:
    page = await new_page()
    await page.clock.install()
    await log_in(page, await staff_member(stack), STAFF_PASSWORD)
    await page.get_by_role("link", name="利用者情報").click()
    await accessible(page, "profile")
    await language_switch_works(page, "Change password")
    await screenshots(page, "profile")
    await page.locator("#f-phone").fill("0311112222")
    await page.locator("form[action$='/phone']").get_by_role("button").click()
    assert "変更しました" in await page.locator(".notice").inner_text()
    assert "0311112222" in await page.locator("dl.summary").inner_text()
    await page.locator("#f-current_password").fill(STAFF_PASSWORD)
    await page.locator("#f-new_password").fill("short")
    await page.locator("form[action$='/password']").get_by_role("button").click()
    assert await page.locator("#f-new_password-error").count() == 1  # intake's rule, at the field
    await accessible(page, "profile-error")

    warning = page.locator("#session-warning")
    assert await warning.is_hidden()
    await page.clock.fast_forward("02:56:00")  # 4 minutes before intake's 3 h end the session
    await warning.wait_for(state="visible")
    await accessible(page, "session-warning")
    await warning.get_by_role("button", name="延長する").click()
    assert "ログイン時間を延長しました" in await page.locator(".notice").inner_text()


async def test_an_examiner_of_an_idle_bureau_sees_an_empty_queue_and_no_other_application(
        new_page: Any, stack: Any) -> None:
    page = await new_page()
    await log_in(page, await examiner(stack, "札"), STAFF_PASSWORD)
    assert page.url.endswith("/examiner")
    await accessible(page, "examiner-queue-empty")
    assert "審査待ちの申請はありません" in await page.locator("main").inner_text()
    await page.goto("/examiner/applications/00000000-0000-4000-8000-000000000000")
    assert "ページが見つかりません" in await page.locator("h1").inner_text()
    await accessible(page, "not-found")
    await language_switch_works(page, "Page not found")
