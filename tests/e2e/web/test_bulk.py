"""Bulk filing through the pages: the CSV uploaded, the row table with 正常/要確認, the bad row
fixed in the table itself, a photo per row, filed at once, the bulk number shown."""

import uuid
from typing import Any

from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake.bulk import templates

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.web.support import (
    accessible,
    language_switch_works,
    log_in,
    screenshots,
    staff_member,
)


async def test_a_bulk_file_with_one_bad_row_is_fixed_in_the_table_and_filed(
        new_page: Any, stack: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    cells = [templates.cells_of(Procedure.EXT, samples.ext_content(
        notification_email=f"web-bulk-{tag}-{i}@example.com")) for i in range(2)]
    cells[1]["identity.latin_name"] = "lower,case"
    page = await new_page()
    await log_in(page, await staff_member(stack), STAFF_PASSWORD)
    await page.get_by_role("link", name="一括申請").first.click()
    await accessible(page, "bulk-start")
    await language_switch_works(page, "Bulk filing")
    await page.locator("#f-file-EXT").set_input_files(files=[{
        "name": "bulk.csv", "mimeType": "text/csv",
        "buffer": templates.to_csv(Procedure.EXT, cells)}])
    await page.locator("form", has=page.locator("#f-file-EXT")).get_by_role(
        "button", name="アップロードする").click()
    assert await page.locator(".bulk-row[data-status=ok]").count() == 1
    bad = page.locator(".bulk-row[data-row='2']")
    assert await bad.get_attribute("data-status") == "needs_checking"
    assert "要確認" in await bad.inner_text() and "氏名（ローマ字）" in await bad.inner_text()
    await accessible(page, "bulk-table")
    await language_switch_works(page, "need checking")
    await screenshots(page, "bulk-table")

    await bad.get_by_label("氏名（ローマ字）").fill("LOWER,CASE")  # in the table itself
    await bad.get_by_role("button", name="修正内容を保存する").click()
    await page.locator(".bulk-row[data-row='2'][data-status=ok]").wait_for()  # swapped by htmx
    assert await page.locator(".bulk-row[data-status=ok]").count() == 2
    assert page.url.endswith("/bulk/EXT")  # fixed in place

    for n in (1, 2):
        await page.goto(f"/bulk/EXT/rows/{n}")
        if n == 1:
            await accessible(page, "bulk-row")
            await language_switch_works(page, "Fix a row")
        await page.locator("#f-row-photo").set_input_files(files=[{
            "name": "face.jpg", "mimeType": "image/jpeg", "buffer": samples.jpeg_bytes()}])
        await page.locator("form", has=page.locator("#f-row-photo")).get_by_role(
            "button", name="添付する").click()
    await page.goto("/bulk/EXT")
    await page.locator("#bulk-rows:not([hx-get])").wait_for(timeout=60_000)
    await page.get_by_role("button", name="一括申請を申込む").click()
    number = (await page.locator("#bulk-number").inner_text()).strip()
    assert number.startswith("一括東")
    assert await page.locator("tbody tr").count() == 2
    await accessible(page, "bulk-filed")
    await language_switch_works(page, "Bulk filing received")
