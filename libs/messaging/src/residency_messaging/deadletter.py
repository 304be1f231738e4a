"""Bounded retries, then the dead-letter topic: a poison message never stalls its partition."""

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
                ("dlq_error", f"{type(error).__name__}: {error}"[:2000].encode()),
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
