"""Bounded retries, then the dead-letter topic: a poison message never stalls its partition.

A dead letter is the original value and key with the original headers, plus `dlq_error`
(class and message; a validation error without the input values, so no payload data lands in
headers), `dlq_error_class`, and where it came from: `dlq_topic`, `dlq_partition`,
`dlq_offset`. `residency-dlq` (`residency_messaging.dlq`) lists, shows and replays them.
"""

import asyncio
import errno
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaProducer
from faststream import BaseMiddleware
from pydantic import ValidationError

from . import metrics

log = logging.getLogger(__name__)


class PoisonMessage(Exception):
    """Raised by a handler for input that no retry can fix."""


PERMANENT = (ValidationError, json.JSONDecodeError, UnicodeDecodeError, PoisonMessage)
MAX_UNAVAILABLE_BACKOFF_S = 5.0
_UNAVAILABLE_NAMES = {  # a dependency is down or restarting, by class name (no imports)
    "CannotConnectNowError", "AdminShutdownError", "CrashShutdownError",
    "TooManyConnectionsError", "PostgresConnectionError", "ConnectionDoesNotExistError",
    "ConnectionFailureError", "ClientCannotConnectError", "ConnectionRejectionError",
    "MaxRetryError", "NewConnectionError", "ProtocolError", "KafkaConnectionError",
    "NodeNotReadyError", "RequestTimedOutError",
}


_NETWORK_ERRNOS = {errno.ECONNREFUSED, errno.ECONNRESET, errno.ECONNABORTED, errno.ETIMEDOUT,
                   errno.EPIPE, errno.EHOSTUNREACH, errno.ENETUNREACH}


def unavailable(error: BaseException) -> bool:
    """The database, object store or broker is down or restarting: not the message's fault.
    Such a failure is retried (capped backoff) until the dependency is back, never
    dead-lettered: a restart of PostgreSQL must not turn good messages into dead letters."""
    if isinstance(error, ConnectionError | TimeoutError) or (
            isinstance(error, OSError) and error.errno in _NETWORK_ERRNOS):
        return True  # refused, reset, timed out
    if type(error).__name__ == "InterfaceError" and "closed" in str(error).lower():
        return True  # asyncpg: the connection went away under a query
    return any(cls.__name__ in _UNAVAILABLE_NAMES for cls in type(error).__mro__)
HEADER_PREFIX = "dlq_"
"""Headers added here (and by `residency-dlq`); a replay strips them."""


def describe(error: Exception) -> str:
    """`Class: message`, at most 2000 characters; for a validation error the fields and
    reasons only (pydantic's own text quotes the input values, i.e. payload data)."""
    if isinstance(error, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}"
                             for e in error.errors(include_input=False, include_url=False))
        text = f"{error.error_count()} validation error(s) for {error.title}: {problems}"
    else:
        text = str(error)
    return f"{type(error).__name__}: {text}"[:2000]


def dead_letter_middleware(
    producer: AIOKafkaProducer, dead_letter_topic: str, *, attempts: int, backoff_s: float,
    service: str = "",
) -> type[BaseMiddleware]:
    """Also where every handler is measured (`metrics.Handling`): duration and outcome."""

    class DeadLetter(BaseMiddleware):
        async def consume_scope(
            self, call_next: Callable[[Any], Awaitable[Any]], msg: Any
        ) -> Any:
            with metrics.Handling(service, msg) as handled:
                return await self._consume(handled, call_next, msg)

        async def _consume(self, handled: metrics.Handling,
                           call_next: Callable[[Any], Awaitable[Any]], msg: Any) -> Any:
            record = msg.raw_message
            try:
                return await with_retries(lambda: handled.call(call_next, msg), record.topic,
                                          attempts=attempts, backoff_s=backoff_s)
            except Exception as exc:
                error: Exception = exc
            headers = list(record.headers or ()) + [
                ("dlq_error", describe(error).encode()),
                ("dlq_error_class", type(error).__name__.encode()),
                ("dlq_topic", record.topic.encode()),
                ("dlq_partition", str(record.partition).encode()),
                ("dlq_offset", str(record.offset).encode()),
            ]
            await producer.send_and_wait(
                dead_letter_topic, record.value, key=record.key, headers=headers)
            handled.dead_lettered(error)
            log.error("message dead-lettered",
                      extra={"topic": record.topic, "partition": record.partition,
                             "offset": record.offset, "dead_letter_topic": dead_letter_topic,
                             "error": type(error).__name__})
            return None

    return DeadLetter


async def with_retries(call: Callable[[], Awaitable[Any]], topic: str, *, attempts: int,
                       backoff_s: float) -> Any:
    """`call()`; a permanent error is raised at once, any other after `attempts` tries —
    except while a dependency is unavailable (`unavailable`), which is waited out."""
    attempt = outage = 0
    while True:
        try:
            return await call()
        except PERMANENT:
            raise
        except Exception as exc:
            if unavailable(exc):
                outage += 1
                delay = min(MAX_UNAVAILABLE_BACKOFF_S, max(backoff_s, 0.05) * 2 ** min(outage, 8))
                log.warning("a dependency is unavailable, will retry",
                            extra={"topic": topic, "outage_try": outage,
                                   "error": type(exc).__name__})
                await asyncio.sleep(delay)
                continue
            attempt += 1  # transient until proven otherwise
            log.warning("handler failed, will retry",
                        extra={"topic": topic, "attempt": attempt, "error": type(exc).__name__})
            if attempt >= attempts:
                raise
            await asyncio.sleep(backoff_s * 2 ** (attempt - 1))
