"""Whose address the pages pass on to intake: the connecting one, or — behind the ingress
controller named in WEB_TRUSTED_PROXIES — the one its X-Forwarded-For names."""

import asyncio
from typing import Any

import pytest
from residency_web.main import server_options
from residency_web.settings import WebSettings
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware


def _client_seen(options: dict[str, Any], peer: str) -> str:
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)

    scope = {"type": "http", "client": (peer, 5000), "scheme": "http",
             "headers": [(b"x-forwarded-for", b"198.51.100.7")]}
    wrapped = ProxyHeadersMiddleware(app, trusted_hosts=options["forwarded_allow_ips"] or "") \
        if options["proxy_headers"] else app
    asyncio.run(wrapped(scope, None, None))  # type: ignore[arg-type]
    return str(seen["client"][0])


def test_without_trusted_proxies_the_connecting_address_is_the_browsers() -> None:
    options = server_options(WebSettings(session_secret="s"))  # type: ignore[arg-type]
    assert options["proxy_headers"] is False and options["access_log"] is False
    assert _client_seen(options, "10.1.2.3") == "10.1.2.3"


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_browsers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_TRUSTED_PROXIES", '["10.0.0.0/8"]')
    options = server_options(WebSettings(session_secret="s"))  # type: ignore[arg-type]
    assert _client_seen(options, "10.1.2.3") == "198.51.100.7"
    assert _client_seen(options, "192.0.2.9") == "192.0.2.9"  # not a trusted proxy
