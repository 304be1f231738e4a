"""Dead letters for operators: read them, and replay them to where they came from, on record.

A dead letter (see `deadletter`) is the original value, key and headers plus `dlq_*` headers
naming the error and the original topic, partition and offset. Replaying one produces the
original value with the original key (so the same partition) and the original headers minus
the `dlq_*` ones, plus `dlq_replayed_from`, to the original topic.

Every replay is recorded on the dead-letter topic itself, after the dead letters: records
with the header `dlq_replay_of` = `<partition>:<offset>` and a JSON value (replay id, who,
when, from which host, the reason, whether it was a repeat). So the topic that holds the dead
letters also holds what was done with them, kept as long as they are, readable with any Kafka
tool, and nothing else has to be deployed. Two records per replay: `started` before the copy
is produced (a tool that may not write there stops before replaying anything), `sent` after,
with the copy's partition and offset. A replay left at `started` (the tool died or the copy
was refused) counts as replayed — `--again` repeats it, and the consumers' inbox (notify's
send ledger) makes a repeat harmless.

Reading takes the whole dead-letter topic (one partition, 30 days) without a consumer group,
so the tool never moves any group's offsets.
"""

import json
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pydantic import Field
from pydantic_settings import SettingsConfigDict
from residency_contracts import dead_letter_topic

from .deadletter import HEADER_PREFIX
from .kafka import client_options
from .settings import KafkaSettings

REPLAY_OF = "dlq_replay_of"
"""Header of a replay record on the dead-letter topic: `<partition>:<offset>` replayed."""
REPLAYED_FROM = "dlq_replayed_from"
"""Header of a replayed message: `<dead-letter topic>:<partition>:<offset>`."""
SUMMARY_FIELDS = ("event_id", "application_id", "action", "template", "status", "procedure",
                  "occurred_at")
"""Payload fields shown without `--payload`: ids and codes, never names or addresses."""


class DlqSettings(KafkaSettings):
    """`RESIDENCY_DLQ_KAFKA_BOOTSTRAP`, `…_KAFKA_SECURITY_PROTOCOL`, `…_KAFKA_SASL_USERNAME`,
    `…_KAFKA_SASL_PASSWORD`, `…_KAFKA_CA_FILE` as for the services."""

    model_config = SettingsConfigDict(env_prefix="RESIDENCY_DLQ_", extra="ignore")
    operator: str | None = Field(
        None, description="Who replays, recorded with each replay (`--by` overrides; "
        "default: the login name).")
    read_timeout_s: float = Field(
        60.0, gt=0, description="Give up reading a dead-letter topic after this long.")


class Refused(Exception):
    """The request would replay something twice, or names nothing there is."""


@dataclass(frozen=True)
class Replay:
    """One replay of one dead letter: `started`, then `sent` with where the copy went."""

    id: str
    of: tuple[int, int]
    at: datetime
    by: str
    host: str
    topic: str
    state: str = "started"
    partition: int | None = None
    offset: int | None = None
    again: bool = False
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "of": f"{self.of[0]}:{self.of[1]}", "at": iso(self.at),
                "by": self.by, "host": self.host, "topic": self.topic, "state": self.state,
                "partition": self.partition, "offset": self.offset, "again": self.again,
                "reason": self.reason}

    @classmethod
    def from_value(cls, of: tuple[int, int], value: bytes) -> "Replay":
        v = json.loads(value)
        return cls(str(v["id"]), of, datetime.fromisoformat(v["at"].replace("Z", "+00:00")),
                   v["by"], v.get("host", ""), v["topic"], v.get("state", "sent"),
                   _int(v.get("partition")), _int(v.get("offset")), bool(v.get("again")),
                   v.get("reason"))


@dataclass
class DeadLetter:
    service: str
    partition: int
    offset: int
    at: datetime
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    replays: list[Replay] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The offset (partition 0, the only one a dead-letter topic has) or `P:OFFSET`."""
        return str(self.offset) if self.partition == 0 else f"{self.partition}:{self.offset}"

    def header(self, name: str) -> str | None:
        found = [v for k, v in self.headers if k == name]
        return found[-1].decode("utf-8", "replace") if found else None

    @property
    def original_topic(self) -> str | None:
        return self.header("dlq_topic")

    @property
    def original_partition(self) -> int | None:
        return _int(self.header("dlq_partition"))

    @property
    def original_offset(self) -> int | None:
        return _int(self.header("dlq_offset"))

    @property
    def error(self) -> str:
        return self.header("dlq_error") or ""

    @property
    def error_class(self) -> str:
        return self.header("dlq_error_class") or self.error.partition(":")[0] or "?"

    @property
    def replayed(self) -> bool:
        return bool(self.replays)

    def replay_headers(self) -> list[tuple[str, bytes]]:
        """The original headers (minus every `dlq_` one), plus where the copy comes from."""
        kept = [(k, v) for k, v in self.headers if not k.startswith(HEADER_PREFIX)]
        source = f"{dead_letter_topic(self.service)}:{self.partition}:{self.offset}"
        return [*kept, (REPLAYED_FROM, source.encode())]

    def summary(self) -> dict[str, Any]:
        """Size and the id/code fields of the payload (`SUMMARY_FIELDS`), nothing else."""
        out: dict[str, Any] = {"bytes": len(self.value or b"")}
        try:
            payload = json.loads(self.value or b"")
        except ValueError:
            out["json"] = False
            return out
        out["json"] = True
        if isinstance(payload, dict):
            out.update({k: payload[k] for k in SUMMARY_FIELDS if k in payload})
        return out

    def as_dict(self, *, payload: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "service": self.service, "topic": dead_letter_topic(self.service),
            "partition": self.partition, "offset": self.offset, "at": iso(self.at),
            "original_topic": self.original_topic,
            "original_partition": self.original_partition,
            "original_offset": self.original_offset, "key": decoded(self.key),
            "error_class": self.error_class, "error": self.error,
            "headers": {k: v.decode("utf-8", "replace") for k, v in self.headers},
            "summary": self.summary(), "replayed": self.replayed,
            "replays": [r.as_dict() for r in self.replays]}
        if payload:
            out["payload"] = _payload(self.value)
        return out


def ledger(service: str, records: Iterable[Any]) -> list[DeadLetter]:
    """Dead letters of one topic (records in offset order), each with its recorded replays."""
    letters: dict[tuple[int, int], DeadLetter] = {}
    for r in records:
        headers = tuple((k, bytes(v or b"")) for k, v in (r.headers or ()))
        marker = next((v for k, v in headers if k == REPLAY_OF), None)
        if marker is not None:
            part, _, off = marker.decode().partition(":")
            of = (int(part), int(off))
            if of in letters:
                replay, replays = Replay.from_value(of, r.value), letters[of].replays
                done = [i for i, x in enumerate(replays) if x.id == replay.id]
                if done:  # `sent` after its `started`: one replay
                    replays[done[0]] = replace(replay, at=replays[done[0]].at)
                else:
                    replays.append(replay)
            continue
        letters[(r.partition, r.offset)] = DeadLetter(
            service, r.partition, r.offset, datetime.fromtimestamp(r.timestamp / 1000, UTC),
            r.key, r.value, headers)
    return sorted(letters.values(), key=lambda d: (d.at, d.partition, d.offset))


def parse_id(text: str) -> tuple[int, int]:
    """`OFFSET` (partition 0) or `PARTITION:OFFSET`."""
    part, sep, off = text.partition(":")
    try:
        return (int(part), int(off)) if sep else (0, int(part))
    except ValueError:
        raise Refused(f"{text!r} is not an offset (OFFSET or PARTITION:OFFSET)") from None


def parse_since(text: str, now: datetime) -> datetime:
    """`30m`, `6h`, `2d` before `now`, or an ISO date/time (UTC unless it says otherwise)."""
    if m := re.fullmatch(r"(\d+)\s*([mhd])", text.strip()):
        unit = {"m": "minutes", "h": "hours", "d": "days"}[m[2]]
        return now - timedelta(**{unit: int(m[1])})
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"--since {text!r}: expected 30m, 6h, 2d or an ISO date/time") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def select(letters: Sequence[DeadLetter], *, ids: Sequence[tuple[int, int]] = (),
           everything: bool = False, since: datetime | None = None, again: bool = False
           ) -> tuple[list[DeadLetter], list[DeadLetter]]:
    """(to replay, skipped as already replayed). Named offsets that were replayed are refused
    without `again`; `everything`/`since` pick the ones not yet replayed (all with `again`)."""
    by_id = {(d.partition, d.offset): d for d in letters}
    if ids:
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise Refused("no dead letter at " + ", ".join(f"{p}:{o}" for p, o in missing))
        chosen = [by_id[i] for i in dict.fromkeys(ids)]
        done = [d for d in chosen if d.replayed]
        if done and not again:
            raise Refused("already replayed (use --again to replay anyway; the consumers "
                          "de-duplicate): " + "; ".join(
                              f"{d.id} at {iso(d.replays[-1].at)} by {d.replays[-1].by}"
                              for d in done))
        picked, skipped = chosen, []
    elif everything or since is not None:
        window = [d for d in letters if since is None or d.at >= since]
        picked = [d for d in window if again or not d.replayed]
        skipped = [d for d in window if d.replayed and not again]
    else:
        raise Refused("name the dead letters: OFFSET…, --all or --since")
    unknown = [d.id for d in picked if not d.original_topic]
    if unknown:
        raise Refused("no original topic recorded for " + ", ".join(unknown))
    return picked, skipped


def _consumer(settings: DlqSettings) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(**client_options(settings), group_id=None,
                            enable_auto_commit=False, auto_offset_reset="earliest")


async def read(settings: DlqSettings, service: str) -> list[DeadLetter] | None:
    """Every dead letter of one service with its replays; None when the topic does not exist."""
    topic = dead_letter_topic(service)
    consumer = _consumer(settings)
    await consumer.start()
    try:
        if topic not in await consumer.topics():
            return None
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic)
                                                        or ())]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        # The end is the high watermark of the fetch responses (ListOffsets can be stale on
        # the embedded broker): read until every partition's position reaches it.
        records: list[Any] = []
        deadline = time.monotonic() + settings.read_timeout_s
        while True:
            for batch in (await consumer.getmany(*tps, timeout_ms=500)).values():
                records.extend(batch)
            if not [tp for tp in tps if (end := consumer.highwater(tp)) is None
                    or await consumer.position(tp) < end]:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {topic} took longer than "
                                   f"{settings.read_timeout_s}s")
        records.sort(key=lambda r: (r.partition, r.offset))
        return ledger(service, records)
    finally:
        await consumer.stop()


async def replay(settings: DlqSettings, letters: Sequence[DeadLetter], *, by: str, host: str,
                 reason: str | None = None, now: Callable[[], datetime] | None = None,
                 each: Callable[[DeadLetter, Replay], None] | None = None) -> list[Replay]:
    """Per dead letter: record `started`, produce it to its original topic and key, record
    `sent` with the copy's partition and offset; then `each(letter, replay)`. Stops at the
    first failure (raised)."""
    producer = AIOKafkaProducer(**client_options(settings), acks="all")
    await producer.start()
    done: list[Replay] = []
    try:
        for d in letters:
            assert d.original_topic is not None
            started = Replay(uuid.uuid4().hex, (d.partition, d.offset), (now or _utcnow)(), by,
                             host, d.original_topic, again=d.replayed, reason=reason)
            await _record(producer, d, started)
            sent = await producer.send_and_wait(d.original_topic, d.value, key=d.key,
                                                headers=d.replay_headers())
            finished = replace(started, state="sent", partition=sent.partition,
                               offset=sent.offset)
            await _record(producer, d, finished)
            d.replays.append(finished)
            done.append(finished)
            if each is not None:
                each(d, finished)
    finally:
        await producer.stop()
    return done


async def _record(producer: AIOKafkaProducer, d: DeadLetter, replay: Replay) -> None:
    await producer.send_and_wait(
        dead_letter_topic(d.service), json.dumps(replay.as_dict(), ensure_ascii=False).encode(),
        key=f"replay:{d.id}".encode(), partition=d.partition,
        headers=[(REPLAY_OF, f"{d.partition}:{d.offset}".encode())])


def _utcnow() -> datetime:
    return datetime.now(UTC)


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def decoded(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", "replace")


def _payload(value: bytes | None) -> Any:
    try:
        return json.loads(value or b"")
    except ValueError:
        return decoded(value)
