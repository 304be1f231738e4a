"""A stand-in for intake's HTTP API (httpx.MockTransport) for the pages' unit tests; the
real API is exercised by the browser tests in tests/e2e/web."""

import json
from collections.abc import Callable
from typing import Any

import httpx
from residency_web.app import create_app
from residency_web.settings import WebSettings
from starlette.testclient import TestClient

TOKEN = "secret-api-token-never-in-the-browser"
Handler = Callable[[httpx.Request], httpx.Response | None]


class FakeIntake:
    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []
        self.routes: dict[tuple[str, str], Handler] = {}
        self.on("POST", "/auth/token", self._login)
        self.on("GET", "/me", lambda r: httpx.Response(200, json={
            "login_id": "U000000001", "user_type": "foreign_national", "latin_name": "SAMPLE,TARO",
            "phone": "0300000000", "email": "a@example.com", "organization_id": None,
            "registered_at": None}))
        self.on("POST", "/auth/logout", lambda r: httpx.Response(204))

    def on(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method, path)] = handler

    @staticmethod
    def _login(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["password"] != "Right-Pass1!":
            return httpx.Response(401, json={
                "code": "INVALID_CREDENTIALS", "message_ja": "利用者IDまたはパスワードが違います。",
                "message_en": "The user ID or password is wrong.", "errors": []})
        return httpx.Response(200, json={"access_token": TOKEN, "token_type": "bearer",
                                         "expires_in": 10800})

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        handler = self.routes.get((request.method, request.url.path))
        response = handler(request) if handler else None
        return response or httpx.Response(404, json={
            "code": "NOT_FOUND", "message_ja": "見つかりません。", "message_en": "Not found.",
            "errors": []})


def client(fake: FakeIntake, **settings: Any) -> TestClient:
    app = create_app(WebSettings(session_secret="unit-test-secret", **settings),  # type: ignore[arg-type]
                     transport=httpx.MockTransport(fake.handle))
    return TestClient(app, base_url="http://127.0.0.1:8080")


def csrf_of(html: str) -> str:
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]
