"""Bounded retries, then the dead-letter topic: a poison message never stalls its partition.

A dead letter is the original value and key with the original headers, plus `dlq_error`
(class and message; a validation error without the input values, so no payload data lands in
headers), `dlq_error_class`, and where it came from: `dlq_topic`, `dlq_partition`,
`dlq_offset`. `residency-dlq` (`residency_messaging.dlq`) lists, shows and replays them.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaProducer
from faststream import BaseMiddleware
from pydantic import ValidationError

log = logging.getLogger(__name__)


class PoisonMessage(Exception):
    """Raised by a handler for input that no retry can fix."""


PERMANENT = (ValidationError, json.JSONDecodeError, UnicodeDecodeError, PoisonMessage)
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
    producer: AIOKafkaProducer, dead_letter_topic: str, *, attempts: int, backoff_s: float
) -> type[BaseMiddleware]:
    class DeadLetter(BaseMiddleware):
        async def consume_scope(
            self, call_next: Callable[[Any], Awaitable[Any]], msg: Any
        ) -> Any:
            record = msg.raw_message
            for attempt in range(1, attempts + 1):
                try:
                    return await call_next(msg)
                except PERMANENT as exc:
                    error: Exception = exc
                    break
                except Exception as exc:  # transient until proven otherwise
                    error = exc
                    log.warning("handler failed, will retry",
                                extra={"topic": record.topic, "attempt": attempt,
                                       "error": type(exc).__name__})
                    if attempt < attempts:
                        await asyncio.sleep(backoff_s * 2 ** (attempt - 1))
            headers = list(record.headers or ()) + [
                ("dlq_error", describe(error).encode()),
                ("dlq_error_class", type(error).__name__.encode()),
                ("dlq_topic", record.topic.encode()),
                ("dlq_partition", str(record.partition).encode()),
                ("dlq_offset", str(record.offset).encode()),
            ]
            await producer.send_and_wait(
                dead_letter_topic, record.value, key=record.key, headers=headers)
            log.error("message dead-lettered",
                      extra={"topic": record.topic, "partition": record.partition,
                             "offset": record.offset, "dead_letter_topic": dead_letter_topic,
                             "error": type(error).__name__})
            return None

    return DeadLetter
