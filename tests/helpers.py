"""Bounded waits and readers for the real broker and mail sink."""

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

T = TypeVar("T")


async def wait_for(probe: Callable[[], Awaitable[T]], *, timeout: float = 20.0,
                   interval: float = 0.1, what: str = "condition") -> T:
    """Poll `probe` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(interval)


async def mails(api: str, to: str | None = None) -> list[dict[str, Any]]:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{api}/api/messages", params={"to": to} if to else None)
        response.raise_for_status()
        return list(response.json())


async def publish(bootstrap: str, topic: str, value: bytes, key: bytes | None = None) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


class TopicReader:
    """Reads topics from the beginning with a fresh consumer group."""

    def __init__(self, bootstrap: str, *topics: str) -> None:
        self.consumer = AIOKafkaConsumer(
            *topics, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
            group_id=f"test-{uuid.uuid4()}", enable_auto_commit=False)
        self.records: list[Any] = []

    async def __aenter__(self) -> "TopicReader":
        await self.consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()

    async def _poll(self) -> None:
        batch = await self.consumer.getmany(timeout_ms=200)
        for records in batch.values():
            self.records.extend(records)

    def values(self, topic: str | None = None) -> list[dict[str, Any]]:
        out = []
        for r in self.records:
            if topic is None or r.topic == topic:
                try:
                    out.append(json.loads(r.value))
                except ValueError:
                    out.append({"_raw": r.value})
        return out

    async def until(self, predicate: Callable[["TopicReader"], bool], *, timeout: float = 20.0,
                    what: str = "records") -> "TopicReader":
        async def probe() -> bool:
            await self._poll()
            return predicate(self)

        await wait_for(probe, timeout=timeout, interval=0, what=what)
        return self
