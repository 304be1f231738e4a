"""A client over its per-address allowance is refused before routing: 429 with Retry-After and
JA/EN wording, the route never runs and not one byte of its body is read — so a flood costs the
event loop almost nothing. Pure: the middleware around a recording app, a fake clock."""

import json
from typing import Any

import pytest
from residency_intake.address_throttle import ADDRESS_RULES, AddressThrottle
from residency_intake.throttle import Rate, Throttle
from residency_messaging.metrics import route_template
from residency_messaging.sealing import new_key

ENV = {"INTAKE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
       "INTAKE_S3_ACCESS_KEY": "dummy", "INTAKE_S3_SECRET_KEY": "dummy",
       "INTAKE_HASH_SECRET": "dummy", "INTAKE_MAIL_SEALING_KEY": new_key()}


class Settings:
    trusted_proxies = ["10.0.0.0/8"]


class Recorder:
    def __init__(self) -> None:
        self.called = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.called += 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


def _throttle(now: list[float]) -> Throttle:
    rules = {f"{rule}/address": Rate(2, 60) for rule in set(ADDRESS_RULES.values())}
    return Throttle(rules, clock=lambda: now[0])


async def _call(app: Any, path: str, peer: str = "192.0.2.1",
                forwarded: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    reads = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b'{"login_id": "x"}', "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"content-type", b"application/json")]
    if forwarded:
        headers.append((b"x-forwarded-for", forwarded.encode()))
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers,
             "client": (peer, 50000)}
    await app(scope, receive, send)
    return scope, sent, reads


async def test_over_the_allowance_the_answer_is_429_before_the_route_or_its_body() -> None:
    inner, now = Recorder(), [1000.0]
    app = AddressThrottle(inner, _throttle(now), Settings())  # type: ignore[arg-type]
    for _ in range(2):
        _, sent, _ = await _call(app, "/auth/token")
        assert sent[0]["status"] == 200
    scope, sent, reads = await _call(app, "/auth/token")
    assert inner.called == 2 and reads == 0
    start, body = sent
    headers = dict(start["headers"])
    assert start["status"] == 429 and headers[b"retry-after"] == b"30"
    answer = json.loads(body["body"])
    assert answer["code"] == "TOO_MANY_REQUESTS"
    assert "30" in answer["message_ja"] and "30" in answer["message_en"]
    assert int(headers[b"content-length"]) == len(body["body"])
    assert route_template(scope) == "/auth/token"  # the metrics count it under its route
    now[0] += 30  # one call more per 30 s
    assert (await _call(app, "/auth/token"))[1][0]["status"] == 200


async def test_each_address_and_each_rule_has_its_own_allowance() -> None:
    inner, now = Recorder(), [1000.0]
    app = AddressThrottle(inner, _throttle(now), Settings())  # type: ignore[arg-type]
    for _ in range(2):
        await _call(app, "/cesr/verify")
    assert (await _call(app, "/cesr/verify"))[1][0]["status"] == 429
    assert (await _call(app, "/cesr/verify", peer="192.0.2.2"))[1][0]["status"] == 200
    assert (await _call(app, "/auth/token"))[1][0]["status"] == 200
    for _ in range(5):  # routes without a per-address rule are never counted
        assert (await _call(app, "/applications"))[1][0]["status"] == 200


async def test_the_forwarded_address_counts_only_behind_a_trusted_proxy() -> None:
    inner, now = Recorder(), [1000.0]
    app = AddressThrottle(inner, _throttle(now), Settings())  # type: ignore[arg-type]
    for n in range(2):
        await _call(app, "/auth/token", peer="10.1.1.1", forwarded=f"198.51.100.{n}")
    # two clients behind the proxy: each still has its allowance
    assert (await _call(app, "/auth/token", peer="10.1.1.1",
                        forwarded="198.51.100.0"))[1][0]["status"] == 200
    # an untrusted peer's header is ignored: the peer itself is counted
    for _ in range(2):
        await _call(app, "/auth/token", peer="192.0.2.9", forwarded="198.51.100.50")
    assert (await _call(app, "/auth/token", peer="192.0.2.9",
                        forwarded="198.51.100.51"))[1][0]["status"] == 429


async def test_with_throttles_off_nothing_is_counted() -> None:
    inner, now = Recorder(), [1000.0]
    throttle = _throttle(now)
    throttle.enabled = False
    app = AddressThrottle(inner, throttle, Settings())  # type: ignore[arg-type]
    for _ in range(5):
        assert (await _call(app, "/auth/token"))[1][0]["status"] == 200


def test_every_throttled_route_exists_and_documents_its_429(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from residency_intake.app import create_app

    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    paths = create_app().openapi()["paths"]
    for method, path in ADDRESS_RULES:
        operation = paths[path][method.lower()]  # the route exists
        assert "429" in operation["responses"], path  # and says it may answer 429
