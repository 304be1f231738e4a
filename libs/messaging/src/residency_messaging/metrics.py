"""Prometheus metrics of every service, served at `/metrics` on its HTTP port.

One registry per process: prometheus_client's default `REGISTRY`, which also carries its
process, platform and GC collectors. Metrics are module-level and created idempotently
(`counter`, `gauge`, `histogram` return the one already registered under that name), so a
module imported twice never registers a name twice; the shared metrics carry a `service`
label, so several services' runtimes in one process (tests) stay apart on one registry.

Labels are bounded and never personal: route templates (never raw paths: ids and tokens
never become labels), HTTP methods (unknown ones folded into `OTHER`), status codes, topics,
outcomes, verdict codes, ledger states, exception class names.

The database-derived gauges (outbox backlog and age of its oldest row; notify's ledger
states) are refreshed by `/metrics` itself, each by a bounded query under `SCRAPE_TIMEOUT_S`:
if the database does not answer in time the series are absent from that scrape (and
`residency_metrics_probe_failures_total` counts it); the endpoint still answers.
"""

import asyncio
import contextvars
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import asyncpg
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.metrics import MetricWrapperBase
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

SCRAPE_TIMEOUT_S = 1.0
"""Budget of each database probe run by a scrape (connection wait and query)."""
OUTBOX_COUNT_CAP = 100_000
"""The backlog is counted up to this many rows (bounded query); the gauge then reads the cap."""

M = TypeVar("M", bound=MetricWrapperBase)


def _get_or_create(cls: type[M], name: str, documentation: str, labels: Sequence[str],
                   **kw: Any) -> M:
    existing = REGISTRY._names_to_collectors.get(name)  # noqa: SLF001 - the idempotent lookup
    if existing is None and cls is Counter:
        existing = REGISTRY._names_to_collectors.get(f"{name}_total")  # noqa: SLF001
    if existing is not None:
        if not isinstance(existing, cls):
            raise TypeError(f"metric {name} is already registered as {type(existing).__name__}")
        return existing
    return cls(name, documentation, labels, **kw)


def counter(name: str, documentation: str, labels: Sequence[str] = ()) -> Counter:
    return _get_or_create(Counter, name, documentation, labels)


def gauge(name: str, documentation: str, labels: Sequence[str] = ()) -> Gauge:
    return _get_or_create(Gauge, name, documentation, labels)


def histogram(name: str, documentation: str, labels: Sequence[str] = (),
              buckets: Sequence[float] = Histogram.DEFAULT_BUCKETS) -> Histogram:
    return _get_or_create(Histogram, name, documentation, labels, buckets=buckets)


LONG_BUCKETS = (.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60)

HTTP_DURATION = histogram(
    "residency_http_request_duration_seconds",
    "HTTP requests by route template, method and status: time to the end of the response.",
    ("service", "method", "route", "status"))
HANDLER_DURATION = histogram(
    "residency_handler_duration_seconds",
    "Kafka messages handled, by topic, consumer group and outcome (ok, retried: ok after a "
    "failed attempt, duplicate: the inbox had it already, dead_lettered): time from receipt "
    "to the end, retries and back-off included.",
    ("service", "topic", "group", "outcome"), buckets=LONG_BUCKETS)
HANDLER_FAILURES = counter(
    "residency_handler_failed_attempts",
    "Handler attempts that raised (each retry counts), by topic and exception class.",
    ("service", "topic", "error"))
DEAD_LETTERS = counter(
    "residency_dead_letters",
    "Messages sent to the service's dead-letter topic, by source topic and exception class.",
    ("service", "topic", "error"))
OUTBOX_PUBLISHED = counter(
    "residency_outbox_published",
    "Outbox rows published to Kafka (and deleted from the outbox), by topic.",
    ("service", "topic"))
OUTBOX_BACKLOG = gauge(
    "residency_outbox_backlog",
    f"Outbox rows not yet published, at scrape time (counted up to {OUTBOX_COUNT_CAP}).",
    ("service",))
OUTBOX_OLDEST_AGE = gauge(
    "residency_outbox_oldest_age_seconds",
    "Age of the oldest outbox row not yet published, at scrape time (0 when empty).",
    ("service",))
PROBE_FAILURES = counter(
    "residency_metrics_probe_failures",
    "Scrape-time database probes that failed or timed out (their series are then absent).",
    ("service", "probe"))

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"


# --- HTTP -------------------------------------------------------------------------------

def route_template(scope: Scope) -> str:
    """The template of the route that took the request (`/api/applications/{id}`), never
    the raw path; `<unmatched>` when no route matched (a 404 for an unknown path)."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class HttpMetrics:
    """ASGI middleware: `residency_http_request_duration_seconds` for every HTTP request."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless the app starts a response

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        t0 = time.perf_counter()
        try:
            await self.app(scope, receive, send_status)
        finally:
            method = scope.get("method", "")
            HTTP_DURATION.labels(
                self.service, method if method in HTTP_METHODS else "OTHER",
                route_template(scope), str(status)).observe(time.perf_counter() - t0)


# --- handlers ---------------------------------------------------------------------------

@dataclass
class Delivery:
    duplicate: bool = False


_delivery: contextvars.ContextVar[Delivery | None] = contextvars.ContextVar(
    "residency_delivery", default=None)


def note_duplicate() -> None:
    """The inbox found this message's event already processed (a redelivery)."""
    delivery = _delivery.get()
    if delivery is not None:
        delivery.duplicate = True


class Handling:
    """One message through the dead-letter middleware: `call` each attempt, `dead_lettered`
    when it goes to the dead-letter topic; the duration and outcome are recorded at the end
    (ok, retried, duplicate, dead_lettered; unfinished: cancelled, or the dead letter not
    sent, so it is delivered again)."""

    def __init__(self, service: str, msg: Any) -> None:
        self.service, self.msg, self.topic = service, msg, msg.raw_message.topic
        self.attempts, self.outcome = 0, "unfinished"
        self._delivery = Delivery()

    async def call(self, call_next: Callable[[Any], Awaitable[Any]], msg: Any) -> Any:
        self.attempts += 1
        try:
            result = await call_next(msg)
        except Exception as exc:
            HANDLER_FAILURES.labels(self.service, self.topic, type(exc).__name__).inc()
            raise
        self.outcome = ("duplicate" if self._delivery.duplicate
                        else "ok" if self.attempts == 1 else "retried")
        return result

    def dead_lettered(self, error: BaseException) -> None:
        self.outcome = "dead_lettered"
        DEAD_LETTERS.labels(self.service, self.topic, type(error).__name__).inc()

    def __enter__(self) -> "Handling":
        self._t0 = time.perf_counter()
        self._token = _delivery.set(self._delivery)
        return self

    def __exit__(self, *_exc: object) -> None:
        _delivery.reset(self._token)
        HANDLER_DURATION.labels(self.service, self.topic, group_of(self.msg), self.outcome
                                ).observe(time.perf_counter() - self._t0)


def group_of(msg: Any) -> str:
    """The consumer group the message came through ('' when unknown): the batched commits'
    stand-in consumer (`commits`) knows it; else FastStream's aiokafka consumer on the
    raw message."""
    group = getattr(getattr(msg, "consumer", None), "group_id", None)
    if not isinstance(group, str):
        group = getattr(getattr(msg.raw_message, "consumer", None), "_group_id", None)
    return group if isinstance(group, str) else ""


# --- scrape-time probes -----------------------------------------------------------------

@dataclass(frozen=True)
class Probe:
    """Refreshes gauges from the database at scrape time: `run(service, pool)`, which may
    raise; then the series of `metrics` for that service are dropped (absent, not stale)."""

    name: str
    run: Callable[[str, asyncpg.Pool], Awaitable[None]]
    metrics: tuple[MetricWrapperBase, ...]


class Scraped(Protocol):
    """What `/metrics` needs of a service's runtime."""

    service: str
    scrape_probes: list[Probe]


def clear(metric: MetricWrapperBase, service: str) -> None:
    """Drop `metric`'s series of `service` (whatever its other labels)."""
    for labels in list(metric._metrics):  # noqa: SLF001 - no public way to list children
        if labels and labels[0] == service:
            metric.remove(*labels)


async def _outbox(service: str, pool: asyncpg.Pool) -> None:
    async with pool.acquire(timeout=SCRAPE_TIMEOUT_S) as conn:
        row = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox LIMIT $1) AS b) AS backlog, "
            "coalesce(extract(epoch FROM now() - (SELECT created_at FROM outbox "
            "ORDER BY id LIMIT 1)), 0)::float8 AS age", OUTBOX_COUNT_CAP,
            timeout=SCRAPE_TIMEOUT_S)
    OUTBOX_BACKLOG.labels(service).set(row["backlog"])
    OUTBOX_OLDEST_AGE.labels(service).set(max(0.0, row["age"]))


OUTBOX_PROBE = Probe("outbox", _outbox, (OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE))


async def refresh(service: str, pool: asyncpg.Pool | None, probes: Iterable[Probe]) -> None:
    """Run the outbox probe and `probes` concurrently, each within about `SCRAPE_TIMEOUT_S`;
    a failed one leaves its series absent. Without a pool (not started) they are all absent."""
    every = (OUTBOX_PROBE, *probes)

    async def run(probe: Probe) -> None:
        try:
            if pool is None:
                raise ConnectionError("not started")
            async with asyncio.timeout(SCRAPE_TIMEOUT_S * 1.5):
                await probe.run(service, pool)
        except Exception as exc:  # noqa: BLE001 - a scrape never fails for a probe
            if pool is not None:
                PROBE_FAILURES.labels(service, probe.name).inc()
                log.warning("metrics probe failed",
                            extra={"probe": probe.name, "error": type(exc).__name__})
            for metric in probe.metrics:
                clear(metric, service)

    await asyncio.gather(*(run(p) for p in every))


def exposition() -> bytes:
    return generate_latest(REGISTRY)


FORWARDING_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")


def metrics_endpoint(get_runtime: Callable[[], Scraped | None]
                     ) -> Callable[[Request], Awaitable[Response]]:
    """`GET /metrics` (Prometheus text format). `get_runtime()` is the started runtime, or
    None before the start (then only the in-process metrics are shown).

    Metrics are for scrapers inside the cluster: a request that came through a proxy (it
    carries `X-Forwarded-For`, `X-Real-IP` or `Forwarded`, as the ingress controller adds)
    is answered 404, so intake's public ingress does not expose them."""

    async def endpoint(request: Request) -> Response:
        if any(h in request.headers for h in FORWARDING_HEADERS):
            return Response(status_code=404)
        runtime = get_runtime()
        if runtime is not None:
            await refresh(runtime.service, getattr(runtime, "pool", None), runtime.scrape_probes)
        return Response(exposition(), media_type=CONTENT_TYPE_LATEST)

    return endpoint


def metrics_route(get_runtime: Callable[[], Scraped | None]) -> Route:
    """`metrics_endpoint` as a Starlette route (a FastAPI app adds it with `add_api_route`,
    so that it is matched, and measured, under its template like the others)."""
    return Route("/metrics", metrics_endpoint(get_runtime), methods=["GET"],
                 include_in_schema=False)
