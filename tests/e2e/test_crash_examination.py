"""SIGKILL examination in the middle of 200 filings: no status event lost or duplicated in effect."""

import time
import uuid
from collections import Counter, defaultdict

import asyncpg
from aiokafka import AIOKafkaProducer
from residency_contracts.topics import APPLICATION_FILED

from tests.e2e.filing_burst import both_status_events, filings
from tests.helpers import mails, wait_for

FILINGS = 200
KILL_AFTER = 50


async def test_examination_killed_mid_burst_gives_each_of_200_filings_one_history(
        stack, services) -> None:  # type: ignore[no-untyped-def]
    examination = services.procs["examination"]
    tag = f"crashx-{uuid.uuid4().hex[:8]}"
    events = filings(tag, FILINGS)
    apps = {e.application_id for e in events}
    conn = await asyncpg.connect(stack.database_url("examination"))
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka_bootstrap, linger_ms=5)
    await producer.start()
    try:
        t0 = time.monotonic()
        for e in events:
            await producer.send(APPLICATION_FILED.name, e.model_dump_json().encode(),
                                key=str(e.application_id).encode())
        await producer.flush()

        async def enough() -> int:
            n = await conn.fetchval("SELECT count(*) FROM applications WHERE id = ANY($1)",
                                    list(apps))
            return n if n >= KILL_AFTER else 0

        before = await wait_for(enough, timeout=60, interval=0.01, what="filings before the kill")
        t_kill = time.monotonic()
        examination.kill()
        at_kill = await conn.fetchval("SELECT count(*) FROM applications WHERE id = ANY($1)",
                                      list(apps))
        assert at_kill < FILINGS, "every filing was done before the kill: nothing was tested"
        examination.start()
        examination.wait_ready(60)
        t_ready = time.monotonic()
        ours, t_done = await both_status_events(stack, apps)

        by_app: dict[str, dict[int, dict]] = defaultdict(dict)
        wire_duplicates = 0
        for v in ours:
            first = by_app[v["application_id"]].setdefault(v["sequence"], v)
            if first is not v:
                wire_duplicates += 1
                assert v == first, "a repeated status event must be the same event"
        for app, history in by_app.items():
            assert sorted(history) == [1, 2], app
            assert (history[1]["previous_status"], history[1]["status"]) == (None, "pending")
            assert (history[2]["previous_status"], history[2]["status"]) == ("pending", "filed")
            assert history[2]["provisional_receipt_number"].startswith("仮東オンEP")
        provisional = Counter(h[2]["provisional_receipt_number"] for h in by_app.values())
        assert len(provisional) == FILINGS, "a provisional number was given twice"
        rows = await conn.fetch("SELECT id, provisional_receipt_number FROM applications "
                                "WHERE id = ANY($1)", list(apps))
        assert {str(r["id"]): r["provisional_receipt_number"] for r in rows} == {
            a: h[2]["provisional_receipt_number"] for a, h in by_app.items()}

        async def receipts() -> list[dict]:
            got = [m for m in await mails(stack.mail_api_url) if any(tag in a for a in m["to"])]
            return got if len({m["message_id"] for m in got}) >= FILINGS else []

        got = await wait_for(receipts, timeout=120, interval=0.5, what="200 receipt emails")
        message_ids = Counter(m["message_id"] for m in got)
        print(f"\nexamination crash: {before} filings done when the kill was decided, {at_kill} "
              f"right after it ({before / (t_kill - t0):.0f} filings/s); restart ready in "
              f"{t_ready - t_kill:.2f}s; all {2 * FILINGS} status events on the wire "
              f"{t_done - t_ready:.2f}s after ready; {len(ours)} status records read, "
              f"{wire_duplicates} duplicates on the wire (same event_id); receipt emails: "
              f"{len(message_ids)} distinct Message-IDs, {len(got)} raw")
        assert len(message_ids) == FILINGS
        assert all("受付仮番号" in m["subject"] or "provisional" in m["subject"].lower()
                   for m in got)
        receipt_numbers = {n for m in got for n in provisional if n in m["text"]}
        assert receipt_numbers == set(provisional)
    finally:
        await producer.stop()
        await conn.close()
        if not examination.alive():
            examination.start()
        examination.wait_ready(60)
