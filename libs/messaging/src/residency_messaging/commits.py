"""Offsets of handled messages, committed together instead of one commit per message.

A message is acknowledged (`message.ack()`) only after its handler, or the dead-letter
middleware, is done: that is what makes consumption at-least-once. Committing that offset
at once costs a broker round trip per message (with Tansu on S3, a storage write of about
7 ms of broker CPU), more than most handlers. Here each acknowledgement records the
message's own offset + 1, and the consumer's recorded offsets are committed together at
most `interval_s` later (or once `max_pending` have piled up).

Nothing is ever committed past a message whose handler has not finished, so no message
is lost. A crash (or a rebalance) before a commit delivers the last interval's messages
again; every consumer already de-duplicates on the event id (inbox, send ledger), which
redeliveries from the outbox relay need anyway.
"""

import asyncio
import contextlib
import logging
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

log = logging.getLogger(__name__)

INTERVAL_S = 0.5
MAX_PENDING = 500


class OffsetCommitter:
    """Recorded offsets of one consumer, committed in one request (one at a time)."""

    def __init__(self, consumer: AIOKafkaConsumer, *, interval_s: float = INTERVAL_S,
                 max_pending: int = MAX_PENDING) -> None:
        self.consumer, self.interval_s, self.max_pending = consumer, interval_s, max_pending
        self._pending: dict[TopicPartition, int] = {}
        self._count = 0
        self._lock = asyncio.Lock()
        self._timer: asyncio.Task[None] | None = None

    async def done(self, record: ConsumerRecord[Any, Any]) -> None:
        """`record` is handled: its offset may be committed."""
        tp = TopicPartition(record.topic, record.partition)
        self._pending[tp] = max(self._pending.get(tp, 0), record.offset + 1)
        self._count += 1
        if self.interval_s <= 0 or self._count >= self.max_pending:
            await self.flush()
        elif self._timer is None:
            self._timer = asyncio.create_task(self._later(), name="offset-commit")

    async def _later(self) -> None:
        await asyncio.sleep(self.interval_s)
        self._timer = None
        await self.flush()

    async def flush(self) -> None:
        async with self._lock:  # commits in order: an older one never lands last
            if not self._pending:
                return
            offsets, self._pending, self._count = self._pending, {}, 0
            try:  # a partition taken away by a rebalance is its new owner's to commit
                assigned = self.consumer.assignment()
                if mine := {tp: o for tp, o in offsets.items() if tp in assigned}:
                    await self.consumer.commit(mine)
            except Exception as exc:  # a stopped consumer, a rebalance, a broker outage
                log.warning("offset commit failed; those messages will be delivered again",
                            extra={"error": f"{type(exc).__name__}: {exc}"})

    async def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
            self._timer = None
        await self.flush()


class _MessageCommit:
    """What a KafkaAckableMessage sees as its consumer: ack() records only this message."""

    def __init__(self, committer: OffsetCommitter, record: ConsumerRecord[Any, Any]) -> None:
        self._committer, self._record = committer, record

    async def commit(self) -> None:
        await self._committer.done(self._record)

    @property
    def group_id(self) -> str | None:
        """The consumer's group (metrics label handlers by it)."""
        group = getattr(self._committer.consumer, "_group_id", None)  # aiokafka keeps no public one
        return group if isinstance(group, str) else None

    def seek(self, partition: TopicPartition, offset: int) -> None:  # nack: deliver again
        self._committer.consumer.seek(partition, offset)


_committers: dict[AIOKafkaConsumer, OffsetCommitter] = {}  # emptied by flush_all (stop)


def committer_of(consumer: AIOKafkaConsumer, interval_s: float = INTERVAL_S) -> OffsetCommitter:
    found = _committers.get(consumer)
    if found is None:
        found = _committers[consumer] = OffsetCommitter(consumer, interval_s=interval_s)
    return found


def batched_parser(interval_s: float = INTERVAL_S) -> Any:
    """A FastStream parser: the default one, with acknowledgements going to the committer."""

    async def parse(record: Any, original: Any) -> Any:
        message = await original(record)
        consumer = getattr(record, "consumer", None) or getattr(message, "consumer", None)
        if isinstance(consumer, AIOKafkaConsumer):
            message.consumer = _MessageCommit(committer_of(consumer, interval_s), record)
        return message

    return parse


async def flush_all() -> None:
    """Commit what is recorded (graceful stop); a later acknowledgement gets a new
    committer, so nothing is lost either way."""
    while _committers:
        _, committer = _committers.popitem()
        await committer.close()
