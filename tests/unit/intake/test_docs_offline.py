"""`/docs` renders on a network without internet access: the page names only same-origin
scripts, styles and icons, and intake serves each of them itself. Pure: the app is built but
never started (nothing connects)."""

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from residency_messaging.sealing import new_key
from starlette.testclient import TestClient

ENV = {"INTAKE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
       "INTAKE_S3_ACCESS_KEY": "dummy", "INTAKE_S3_SECRET_KEY": "dummy",
       "INTAKE_HASH_SECRET": "dummy", "INTAKE_MAIL_SEALING_KEY": new_key()}


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Any:
    from residency_intake.app import create_app

    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    return TestClient(create_app())  # not entered: no lifespan, nothing connects


def test_docs_page_names_only_assets_of_its_own_origin_and_each_is_served(client: Any) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    parser = _Assets()
    parser.feed(page.text)
    scripts_and_styles = [u for u in parser.urls if u.endswith((".js", ".css", ".png"))]
    assert len(scripts_and_styles) == 3, parser.urls
    assert not re.search(r"https?://", page.text.replace("http://127.0.0.1", "")), \
        "the page names another origin"
    for url in scripts_and_styles:
        assert url.startswith("/docs/assets/"), url
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 0, url
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in bundle.text
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")


def test_the_cdn_backed_redoc_page_is_gone(client: Any) -> None:
    assert client.get("/redoc").status_code == 404
