"""After every run: did each filing the API accepted go all the way, once?

- each accepted filing reached 申請完了 (`filed`) with exactly one provisional number on
  `residency.status.v1` (read from the beginning, no consumer group), numbers unique;
- each expected email arrived exactly once (distinct Message-IDs in the mail sink; a repeat
  of the same Message-ID is the documented SMTP window, counted apart, with notify's
  `resent_after_crash`);
- no dead letters since the run started, nothing left in any service's outbox.
Requests whose outcome the client never learnt are looked up in intake's database and
reported apart, never as lost. Waits (bounded) for the system to converge, then judges.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from residency_contracts.topics import DEAD_LETTER_TOPICS, SERVICES, STATUS

from .target import Target

REF = re.compile(r"\b\d{10}\b")
SUBJECTS = {"reference_number": "整理番号のお知らせ", "reference_password": "パスワードのお知らせ",
            "provisional": "受付仮番号のお知らせ", "bulk": "一括申請受付のお知らせ",
            "result": "審査終了のお知らせ"}


@dataclass
class Check:
    name: str
    expected: str
    observed: str
    ok: bool


@dataclass
class Verdict:
    checks: list[Check] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def add(self, name: str, expected: Any, observed: Any, ok: bool) -> None:
        self.checks.append(Check(name, str(expected), str(observed), ok))

    def table(self) -> str:
        w = [max(len(c.name) for c in self.checks), 14, 14]
        w = [max(w[0], 5), max([len(c.expected) for c in self.checks] + [8]),
             max([len(c.observed) for c in self.checks] + [8])]
        lines = [f"{'check':<{w[0]}}  {'expected':>{w[1]}}  {'observed':>{w[2]}}  result",
                 f"{'-' * w[0]}  {'-' * w[1]}  {'-' * w[2]}  ------"]
        lines += [f"{c.name:<{w[0]}}  {c.expected:>{w[1]}}  {c.observed:>{w[2]}}  "
                  f"{'ok' if c.ok else 'FAIL'}" for c in self.checks]
        lines.append(f"verification: {'PASSED' if self.ok else 'FAILED'}")
        return "\n".join(lines)


def read_records(out_dir: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(Path(out_dir).glob("filings-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


async def dead_letter_offsets(kafka: str) -> dict[str, int]:
    """Total end offset of each dead-letter topic (0 when it does not exist yet)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)
    await consumer.start()
    try:
        existing = await consumer.topics()
        totals = {}
        for topic in DEAD_LETTER_TOPICS:
            name = topic.name if hasattr(topic, "name") else str(topic)
            if name not in existing:
                totals[name] = 0
                continue
            parts = [TopicPartition(name, p) for p in consumer.partitions_for_topic(name) or ()]
            ends = await consumer.end_offsets(parts) if parts else {}
            totals[name] = sum(ends.values())
        return totals
    finally:
        await consumer.stop()


class StatusReader:
    """residency.status.v1 from the beginning, by assignment (no consumer group)."""

    def __init__(self, kafka: str) -> None:
        self.consumer = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False,
                                         auto_offset_reset="earliest", group_id=None)
        self.events: list[dict[str, Any]] = []

    async def start(self) -> None:
        await self.consumer.start()
        parts = [TopicPartition(STATUS.name, p)
                 for p in self.consumer.partitions_for_topic(STATUS.name) or ()]
        if not parts:
            await self.consumer.topics()
            parts = [TopicPartition(STATUS.name, p)
                     for p in self.consumer.partitions_for_topic(STATUS.name) or ()]
        self.parts = parts
        self.consumer.assign(parts)
        await self.consumer.seek_to_beginning(*parts)

    async def catch_up(self, timeout: float = 30.0) -> None:
        ends = await self.consumer.end_offsets(self.parts)
        deadline = time.monotonic() + timeout
        while [p for p in self.parts if await self.consumer.position(p) < ends[p]]:
            batch = await self.consumer.getmany(timeout_ms=500, max_records=5000)
            for records in batch.values():
                for r in records:
                    try:
                        self.events.append(json.loads(r.value))
                    except ValueError:
                        continue
            if time.monotonic() > deadline:
                break

    async def stop(self) -> None:
        await self.consumer.stop()


async def _mail(mail_url: str, tag: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(timeout=120) as client:
        r = await client.get(f"{mail_url}/api/messages", params={"to_prefix": tag})
        r.raise_for_status()
        return list(r.json())


async def _mail_count(mail_url: str, tag: str, subject: str) -> int:
    async with httpx.AsyncClient(timeout=30) as client:
        r = await client.get(f"{mail_url}/api/messages/count",
                             params={"to_prefix": tag, "subject": subject})
        r.raise_for_status()
        return int(r.json()["messages"])


async def _outboxes(target: Target) -> dict[str, int]:
    pending = {}
    for service in SERVICES:
        conn = await asyncpg.connect(target.db_url(service), timeout=10)
        try:
            pending[service] = int(await conn.fetchval("SELECT count(*) FROM outbox"))
        except asyncpg.UndefinedTableError:
            pending[service] = 0
        finally:
            await conn.close()
    return pending


async def _resolve_unknown(target: Target, records: list[dict[str, Any]]) -> int:
    """Requests whose answer was lost: intake's database says whether they were filed."""
    unknown = [r for r in records if r["outcome"] == "unknown"]
    if not unknown:
        return 0
    conn = await asyncpg.connect(target.db_url("intake"), timeout=10)
    try:
        rows = await conn.fetch("SELECT id::text, reference_number FROM applications "
                                "WHERE id::text = ANY($1::text[])",
                                [r["application_id"] for r in unknown])
    finally:
        await conn.close()
    filed = {r["id"]: r["reference_number"] for r in rows if r["reference_number"]}
    resolved = 0
    for r in unknown:
        if r["application_id"] in filed:
            r["outcome"], r["reference_number"], r["resolved"] = (
                "accepted", filed[r["application_id"]], True)
            resolved += 1
        else:
            r["outcome"] = "not_filed"
    return resolved


async def _resent_after_crash(target: Target, message_ids: set[str]) -> int:
    conn = await asyncpg.connect(target.db_url("notify"), timeout=10)
    try:
        return int(await conn.fetchval(
            "SELECT coalesce(sum(resent_after_crash), 0) FROM sent_mail "
            "WHERE message_id = ANY($1::text[])", list(message_ids)))
    finally:
        await conn.close()


async def verify(target: Target, tag: str, out_dir: Path, dlq_before: dict[str, int],
                 timeout: float = 180.0) -> Verdict:
    records = read_records(out_dir)
    unknown_requests = sum(1 for r in records if r["outcome"] == "unknown")
    resolved = await _resolve_unknown(target, records)
    filings = {r["application_id"]: r for r in records
               if r["kind"] in ("single", "ext", "bulk") and r["outcome"] == "accepted"}
    bulks = {r["bulk_number"]: r for r in records if r["kind"] == "bulk_filing"}
    approvals = {r["application_id"] for r in records if r["kind"] == "approval"}
    refs = {r["reference_number"]: r for r in filings.values()}
    v = Verdict()
    reader = StatusReader(target.kafka)
    await reader.start()
    t0, deadline = time.monotonic(), time.monotonic() + timeout
    try:
        while True:  # converge: every status, every provisional email, empty outboxes
            await reader.catch_up()
            filed = {e["application_id"] for e in reader.events
                     if e.get("status") == "filed" and e.get("application_id") in filings}
            mailed = await _mail_count(target.mail_url, tag, SUBJECTS["provisional"])
            pending = await _outboxes(target)
            if (len(filed) >= len(filings) and mailed >= len(filings)
                    and not any(pending.values())) or time.monotonic() > deadline:
                break
            await asyncio.sleep(1.0)
        v.figures["converged_s"] = round(time.monotonic() - t0, 1)
        await asyncio.sleep(2.0)  # anything doubled would arrive now
        await reader.catch_up()
    finally:
        await reader.stop()

    # --- status topic ---------------------------------------------------------------------
    by_app: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for e in reader.events:
        if e.get("application_id") in filings:
            by_app[e["application_id"]][int(e.get("sequence", 0))].append(e)
    doubled_events = wire_repeats = 0
    filed_once = 0
    numbers: list[str] = []
    # filing request -> provisional number on the topic: [one by one, bulk rows]
    to_number: tuple[list[float], list[float]] = ([], [])
    for app in filings:
        history = by_app.get(app, {})
        into_filed = []
        for events in history.values():
            distinct = {e.get("event_id") for e in events}
            wire_repeats += len(events) - len(distinct)
            doubled_events += len(distinct) - 1
            e = events[0]
            if e.get("status") == "filed" and e.get("previous_status") != "filed":
                into_filed.append(e)
        if len(into_filed) == 1 and into_filed[0].get("provisional_receipt_number"):
            filed_once += 1
            numbers.append(into_filed[0]["provisional_receipt_number"])
            with contextlib.suppress(KeyError, ValueError, TypeError):
                at = dt.datetime.fromisoformat(into_filed[0]["occurred_at"]).timestamp()
                to_number[filings[app]["kind"] == "bulk"].append(
                    at - float(filings[app]["requested_at"]))
    n = len(filings)
    v.add("filings accepted by the API", "-", n, n > 0)
    v.add("  of which outcome learnt after a lost answer", "-", resolved, True)
    v.add("requests with unknown outcome (never filed)", "-", unknown_requests - resolved, True)
    v.add("reached 申請完了 once, one provisional no.", n, filed_once, filed_once == n)
    v.add("provisional numbers unique", len(numbers), len(set(numbers)),
          len(set(numbers)) == len(numbers))
    v.add("status events doubled (same sequence)", 0, doubled_events, doubled_events == 0)
    v.add("status events repeated on the wire (same id)", "-", wire_repeats, True)

    # --- mail -----------------------------------------------------------------------------
    messages = await _mail(target.mail_url, tag)
    per_kind: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    copies = Counter(m["message_id"] for m in messages)
    password_to: Counter[str] = Counter()
    seen_password: set[str] = set()
    for m in messages:
        subject, mid = m["subject"], m["message_id"]
        if SUBJECTS["reference_password"] in subject:
            if mid not in seen_password:
                seen_password.add(mid)
                for to in m["to"]:
                    password_to[to.lower()] += 1
            continue
        kind = next((k for k, s in SUBJECTS.items() if s in subject), None)
        if kind is None:
            continue
        if kind == "bulk":
            for number in bulks:
                if number in m["text"]:
                    per_kind[kind][number].add(mid)
            continue
        for ref in set(REF.findall(m["text"])) & refs.keys():
            per_kind[kind][ref].add(mid)

    def exactly_once(kind: str, keys: set[str]) -> tuple[int, int, int]:
        got = per_kind[kind]
        once = sum(1 for k in keys if len(got.get(k, ())) == 1)
        twice = sum(1 for k in keys if len(got.get(k, ())) > 1)
        return once, twice, len(keys) - once - twice

    for kind, label, keys in (
            ("reference_number", "reference-number emails", set(refs)),
            ("provisional", "provisional-number emails", set(refs)),
            ("bulk", "bulk-accepted emails", set(bulks)),
            ("result", "examination-result emails", {filings[a]["reference_number"]
                                                     for a in approvals if a in filings})):
        once, twice, missing = exactly_once(kind, keys)
        v.add(f"{label} exactly once", len(keys), once, once == len(keys))
        if twice or missing:
            v.add(f"  {label}: doubled / missing", "0 / 0", f"{twice} / {missing}", False)
    expected_pw: Counter[str] = Counter(r["filer"].lower() for r in filings.values())
    short = sum(max(0, c - password_to.get(f, 0)) for f, c in expected_pw.items())
    extra = sum(max(0, password_to.get(f, 0) - c) for f, c in expected_pw.items())
    v.add("password emails per filer (missing / extra)", "0 / 0", f"{short} / {extra}",
          short == 0 and extra == 0)
    repeats = sum(c - 1 for c in copies.values())
    resent = await _resent_after_crash(target, {m for m, c in copies.items() if c > 1}) \
        if repeats else 0
    v.add("same Message-ID again (SMTP window)", "-", f"{repeats} ({resent} resent_after_crash)",
          True)
    v.figures["emails"] = len(messages)
    v.figures["distinct_emails"] = len(copies)

    # --- dead letters, outboxes -------------------------------------------------------------
    after = await dead_letter_offsets(target.kafka)
    new_dead = {t: after.get(t, 0) - dlq_before.get(t, 0) for t in after}
    dead = sum(new_dead.values())
    v.add("dead letters during the run", 0, dead, dead == 0)
    pending = await _outboxes(target)
    v.add("outbox rows pending (all services)", 0, sum(pending.values()),
          not any(pending.values()))
    v.figures["filings"] = n
    for label, times in (("single", to_number[0]), ("bulk", to_number[1])):
        if times:
            ordered = sorted(times)
            v.figures[f"to_provisional_{label}_p50_s"] = round(ordered[len(ordered) // 2], 2)
            v.figures[f"to_provisional_{label}_p99_s"] = round(
                ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2)
    v.figures["approvals"] = len(approvals)
    return v
