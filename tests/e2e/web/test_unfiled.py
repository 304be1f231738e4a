"""An application not yet filed, in a real browser against the real intake: a page asked for
while signed out is where the login returns; 入力へ戻る re-opens the form filled from the
application and the corrected form replaces it (one application left, with the correction);
削除 asks first, then the application is gone from the status list."""

import uuid
from typing import Any

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.web.support import accessible, language_switch_works, staff_member
from tests.e2e.web.test_journey import fill_ext

EXT = "在留期間更新許可申請"


async def test_back_to_the_form_replaces_the_application_and_delete_removes_it(
        new_page: Any, stack: Any) -> None:
    page = await new_page()
    await page.goto("/applications")  # signed out: the login page, which comes back here
    assert "/login?next=" in page.url
    await page.locator("#f-login_id").fill(await staff_member(stack))
    await page.locator("#f-password").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="ログインする").click()
    await page.wait_for_load_state()
    assert page.url.endswith("/applications")

    await page.goto("/apply/EXT")
    await fill_ext(page, f"TU{uuid.uuid4().int % 10_000_000:07d}")
    await page.get_by_role("button", name="入力内容を登録して資料の添付へ進む").click()
    await page.get_by_role("button", name="入力へ戻る").click()
    assert "/apply/EXT" in page.url
    assert "修正前の申請（作成中）は削除され" in await page.locator("#replaces-notice").inner_text()
    assert await page.locator("[name='content.reason']").input_value() == \
        "To continue my studies."
    await accessible(page, "apply-back-to-form")
    await page.locator("[name='content.reason']").fill("Corrected at confirmation.")
    await page.get_by_role("button", name="入力内容を登録して資料の添付へ進む").click()
    assert "修正前の申請は削除しました" in await page.locator(".notice").inner_text()

    await page.goto("/applications")
    assert await page.get_by_role("link", name=EXT).count() == 1  # replaced, not added
    await page.get_by_role("link", name=EXT).click()
    assert "Corrected at confirmation." in await page.locator("main").inner_text()
    await page.get_by_role("link", name="この申請を削除する").click()
    await accessible(page, "delete-application")
    await language_switch_works(page, "Delete the application")
    assert "元に戻せません" in await page.locator("#delete-lead").inner_text()
    await page.get_by_role("button", name="削除する").click()
    await page.wait_for_load_state()
    assert page.url.endswith("/applications")
    assert "申請を削除しました" in await page.locator(".notice").inner_text()
    assert await page.get_by_role("link", name=EXT).count() == 0
