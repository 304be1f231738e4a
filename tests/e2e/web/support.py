"""What the browser tests do again and again: log in, wait for a status on a page that only a
reload refreshes, check accessibility with axe-core, take the screenshots."""

import asyncio
import re
import time
import uuid
from pathlib import Path
from typing import Any

from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.web.conftest import SCREENSHOTS
from tests.helpers import mails, wait_for

SERIOUS = ("serious", "critical")
# the issue asks for WCAG 2.2 AA (JIS X 8341-3): axe-core's rules of those levels
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                 "wcag22aa"]}, "resultTypes": ["violations"]}


async def log_in(page: Any, login_id: str, password: str) -> None:
    await page.goto("/login")
    await page.locator("#f-login_id").fill(login_id)
    await page.locator("#f-password").fill(password)
    await page.get_by_role("button", name="ログインする").click()
    await page.wait_for_load_state()


async def until_text(page: Any, selector: str, expected: str, timeout: float = 30.0) -> None:
    """Reload until `selector` shows `expected` (the status follows the broker); bounded."""
    deadline = time.monotonic() + timeout
    while True:
        found = page.locator(selector)
        text = (await found.inner_text()).strip() if await found.count() else ""
        if expected in text:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} shows {text!r}, not {expected!r}, after {timeout}s")
        await asyncio.sleep(0.5)
        await page.reload()


async def until_present(page: Any, locator: Any, timeout: float = 30.0) -> None:
    """Reload until `locator` is on the page; bounded."""
    deadline = time.monotonic() + timeout
    while not await locator.count():
        if time.monotonic() > deadline:
            raise AssertionError(f"{locator} not on {page.url} after {timeout}s")
        await asyncio.sleep(0.5)
        await page.reload()


async def accessible(page: Any, what: str) -> None:
    """axe-core on the page as it is: no serious or critical violation; no CSP violation."""
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options=WCAG_AA)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not bad, f"{what}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in bad)
    assert not page.csp_violations, f"{what}: {page.csp_violations}"


async def screenshots(page: Any, name: str) -> list[Path]:
    """The page at 1280 and 390 px wide, kept under SCREENSHOTS (printed at the end)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = []
    for width in (1280, 390):
        await page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOTS / f"{name}-{width}.png"
        await page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    await page.set_viewport_size({"width": 1280, "height": 900})
    return paths


async def language_switch_works(page: Any, english_text: str) -> None:
    """The switch is on the page, turns it English (and remembers it), and back to Japanese."""
    path = page.url
    await page.get_by_role("button", name="English").click()
    await page.wait_for_load_state()
    assert await page.locator("html").get_attribute("lang") == "en"
    assert english_text in await page.locator("main").inner_text(), english_text
    assert page.url == path  # same page
    await page.get_by_role("button", name="日本語").click()
    await page.wait_for_load_state()
    assert await page.locator("html").get_attribute("lang") == "ja"


async def mail_token(mail_api: str, to: str, subject: str, path: str) -> str:
    async def probe() -> list[dict[str, Any]]:
        return [m for m in await mails(mail_api, to) if subject in m["subject"]]

    mail = (await wait_for(probe, what=f"the email '{subject}'"))[-1]
    found = re.search(re.escape(path) + r"\?token=([A-Za-z0-9_-]+)", mail["text"])
    assert found, mail["text"]
    return found.group(1)


async def examiner(stack: Any, bureau: str = "東") -> str:
    """A fresh examiner of `bureau`, seeded as `residency-create-examiner` does (examiner
    accounts are seeded, never registered)."""
    from residency_intake.accounts.seed import create_examiner
    from residency_messaging.db import create_pool

    login_id = f"web-ex-{uuid.uuid4().hex[:8]}"
    pool = await create_pool(stack.database_url("intake"))
    try:
        await create_examiner(pool, login_id=login_id, email=f"{login_id}@example.go.jp",
                              password=STAFF_PASSWORD, bureau=bureau)
    finally:
        await pool.close()
    return login_id


async def staff_member(stack: Any, bureau: str = "東") -> str:
    """A fresh member of a fresh organization with access, seeded as `residency-create-staff`
    does."""
    from residency_intake.accounts.seed import create_staff
    from residency_messaging.db import create_pool

    login_id = f"web-staff-{uuid.uuid4().hex[:8]}"
    pool = await create_pool(stack.database_url("intake"))
    try:
        await create_staff(pool, login_id=login_id, email=f"{login_id}@example.ac.jp",
                           password=STAFF_PASSWORD, organization=f"Web School {login_id}",
                           bureau=bureau)
    finally:
        await pool.close()
    return login_id
