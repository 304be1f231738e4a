"""The in-process parts of the metrics: route templates, handler outcomes, idempotent
creation, scrape-time probes that cannot reach their database."""

import asyncio
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import httpx
import pytest
from prometheus_client import REGISTRY
from pydantic import BaseModel, ValidationError
from residency_messaging import metrics
from residency_messaging.deadletter import dead_letter_middleware
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _app(service: str) -> Starlette:
    async def item(request: Request) -> PlainTextResponse:
        return PlainTextResponse(request.path_params["item_id"])

    return Starlette(routes=[Route("/items/{item_id}", item, methods=["GET", "POST"])],
                     middleware=[Middleware(metrics.HttpMetrics, service=service)])


async def test_requests_are_counted_by_route_template_never_by_raw_path() -> None:
    service = f"unit-{uuid4().hex[:8]}"
    transport = httpx.ASGITransport(app=_app(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://unit") as client:
        for item_id in ("a1b2c3", "d4e5f6", "secret-token-xyz"):
            assert (await client.get(f"/items/{item_id}")).status_code == 200
        assert (await client.get("/no/such/path")).status_code == 404
        assert (await client.request("BREW", "/items/x")).status_code == 405

    count = "residency_http_request_duration_seconds_count"
    assert _value(count, service=service, method="GET", route="/items/{item_id}",
                  status="200") == 3
    assert _value(count, service=service, method="GET", route="<unmatched>", status="404") == 1
    assert _value(count, service=service, method="OTHER", route="/items/{item_id}",
                  status="405") == 1
    routes = {s.labels.get("route") for fam in REGISTRY.collect() for s in fam.samples
              if s.labels.get("service") == service}
    assert routes == {"/items/{item_id}", "<unmatched>"}


def test_creating_a_metric_twice_returns_the_registered_one() -> None:
    first = metrics.histogram("residency_unit_twice_seconds", "test", ("a",))
    assert metrics.histogram("residency_unit_twice_seconds", "test", ("a",)) is first
    total = metrics.counter("residency_unit_twice_events", "test")
    assert metrics.counter("residency_unit_twice_events", "test") is total
    with pytest.raises(TypeError):
        metrics.gauge("residency_unit_twice_seconds", "test", ("a",))


class _Producer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes]] = []

    async def send_and_wait(self, topic: str, value: bytes, **_kw: Any) -> None:
        self.sent.append((topic, value))


def _message(topic: str) -> Any:
    record = SimpleNamespace(topic=topic, partition=0, offset=7, key=b"k", value=b"{}",
                             headers=[])
    return SimpleNamespace(raw_message=record,
                           consumer=SimpleNamespace(group_id=f"unit.{topic}"))


async def _consume(service: str, topic: str, handler: Any, producer: _Producer) -> None:
    middleware = dead_letter_middleware(producer, "dlq", attempts=3, backoff_s=0.001,  # type: ignore[arg-type]
                                        service=service)
    await middleware(None, context=None).consume_scope(handler, _message(topic))  # type: ignore[arg-type]


class _Event(BaseModel):
    n: int


async def test_each_handler_outcome_is_measured_by_topic() -> None:
    service, topic = f"unit-{uuid4().hex[:8]}", "unit.topic.v1"
    producer = _Producer()
    calls = {"flaky": 0}

    async def ok(_msg: Any) -> None:
        return None

    async def flaky(_msg: Any) -> None:
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise ConnectionError("once")

    async def duplicate(_msg: Any) -> None:
        await asyncio.sleep(0)
        metrics.note_duplicate()  # what inbox.first_delivery does for a redelivery

    async def poison(_msg: Any) -> None:
        _Event.model_validate({"n": "not a number"})

    for handler in (ok, ok, flaky, duplicate, poison):
        await _consume(service, topic, handler, producer)

    count = "residency_handler_duration_seconds_count"
    group = f"unit.{topic}"
    by = {o: _value(count, service=service, topic=topic, group=group, outcome=o)
          for o in ("ok", "retried", "duplicate", "dead_lettered")}
    assert by == {"ok": 2, "retried": 1, "duplicate": 1, "dead_lettered": 1}
    assert _value("residency_dead_letters_total", service=service, topic=topic,
                  error=ValidationError.__name__) == 1
    assert _value("residency_handler_failed_attempts_total", service=service, topic=topic,
                  error="ConnectionError") == 1
    assert producer.sent == [("dlq", b"{}")]


def _handler_samples() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in REGISTRY.collect() for s in family.samples
            if s.name.startswith("residency_handler")}


async def test_a_duplicate_noted_outside_a_delivery_changes_nothing() -> None:
    before = _handler_samples()
    metrics.note_duplicate()  # no delivery in this context: nothing to mark, no error
    assert _handler_samples() == before


class _DownPool:
    def acquire(self, timeout: float | None = None) -> Any:
        raise ConnectionRefusedError("database down")


async def test_probes_that_cannot_reach_the_database_leave_their_series_absent() -> None:
    service = f"unit-{uuid4().hex[:8]}"
    metrics.OUTBOX_BACKLOG.labels(service).set(5)  # a value from an earlier scrape
    await metrics.refresh(service, _DownPool(), [])  # type: ignore[arg-type]
    assert REGISTRY.get_sample_value("residency_outbox_backlog", {"service": service}) is None
    assert _value("residency_metrics_probe_failures_total", service=service,
                  probe="outbox") == 1
    await metrics.refresh(service, None, [])  # not started: absent, not a failure
    assert _value("residency_metrics_probe_failures_total", service=service,
                  probe="outbox") == 1


async def test_a_probe_that_hangs_is_cut_off_at_the_scrape_timeout(
        monkeypatch: pytest.MonkeyPatch) -> None:
    service = f"unit-{uuid4().hex[:8]}"
    monkeypatch.setattr(metrics, "SCRAPE_TIMEOUT_S", 0.05)
    gauge = metrics.gauge("residency_unit_hanging", "test", ("service",))
    gauge.labels(service).set(1)

    async def hangs(_service: str, _pool: Any) -> None:
        await asyncio.Event().wait()

    async def outbox(_service: str, _pool: Any) -> None:
        metrics.OUTBOX_BACKLOG.labels(_service).set(0)

    monkeypatch.setattr(metrics, "OUTBOX_PROBE", metrics.Probe("outbox", outbox, ()))
    await asyncio.wait_for(metrics.refresh(
        service, object(), [metrics.Probe("hangs", hangs, (gauge,))]), timeout=10)  # type: ignore[arg-type]
    assert REGISTRY.get_sample_value("residency_unit_hanging", {"service": service}) is None
    assert _value("residency_outbox_backlog", service=service) == 0


async def test_metrics_answer_when_the_database_is_down() -> None:
    service = f"unit-{uuid4().hex[:8]}"
    runtime = SimpleNamespace(service=service, pool=_DownPool(), scrape_probes=[])
    app = Starlette(routes=[metrics.metrics_route(lambda: runtime)])  # type: ignore[arg-type,return-value]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://unit") as client:
        r = await client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert "process_cpu_seconds_total" in r.text or "python_info" in r.text
    assert f'residency_outbox_backlog{{service="{service}"}}' not in r.text
    assert f'residency_metrics_probe_failures_total{{probe="outbox",service="{service}"}} 1.0' \
        in r.text


async def test_metrics_are_not_served_to_a_request_that_came_through_the_ingress() -> None:
    app = Starlette(routes=[metrics.metrics_route(lambda: None)])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://unit") as client:
        inside = await client.get("/metrics")
        assert inside.status_code == 200 and "residency_" in inside.text
        for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
            outside = await client.get("/metrics", headers={header: "203.0.113.9"})
            assert outside.status_code == 404 and "residency_" not in outside.text
