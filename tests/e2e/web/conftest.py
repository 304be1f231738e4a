"""The web pages in a real browser: residency-web as a process next to the e2e session's
services (started by the devstack's own `build_web`, as `make run` does), Chromium from
Debian's `chromium` package driven by Playwright. Without that browser every test here skips
with one reason."""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("WEB_TEST_CHROMIUM", "/usr/bin/chromium"))
NO_BROWSER = (f"no browser: {CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk); "
              "the web pages' browser tests skip")
SCREENSHOTS = Path(os.environ.get("WEB_SCREENSHOTS", ".tmp/web-screenshots"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.skip(reason=NO_BROWSER))


@pytest.fixture(scope="session")
def web_url(services: Any, stack: Any) -> Iterator[str]:
    from residency_devstack.ports import free_port
    from residency_devstack.supervisor import build_web

    port = free_port()
    web = build_web(stack, port, int(services.intake_url.rsplit(":", 1)[1]))
    web.start()
    try:
        web.wait_ready(60)
        yield f"http://127.0.0.1:{port}"
    finally:
        web.stop()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def new_page(browser: Any, web_url: str) -> AsyncIterator[Any]:
    """A factory of pages, each in its own context (its own cookies: one person each)."""
    contexts = []

    async def make() -> Any:
        context = await browser.new_context(base_url=web_url, locale="ja-JP",
                                            viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = await context.new_page()
        page.set_default_timeout(45_000)  # a bound, not a pace: a loaded machine is slow
        page.csp_violations = []  # type: ignore[attr-defined]
        page.on("console", lambda m: "Content Security Policy" in m.text
                and page.csp_violations.append(m.text))  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        await context.close()
