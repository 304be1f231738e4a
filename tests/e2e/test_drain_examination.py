"""SIGTERM examination in the middle of 200 filings: it finishes the filings in hand, commits
their offsets, leaves its group, publishes its outbox and exits 0; the next replica files the
rest; each filing gets one history and one provisional number, no status event is sent twice."""

import time
import uuid
from collections import Counter
from datetime import UTC, datetime

import asyncpg
from residency_contracts import ApplicationFiled, Procedure, consumer_group
from residency_contracts.topics import APPLICATION_FILED, STATUS

from tests.e2e.drain_support import Replica, committed_of, group_members, publish
from tests.helpers import TopicReader, wait_for

FILINGS = 200
SIGNAL_AFTER = 50
GROUP = consumer_group("examination", APPLICATION_FILED.name)


async def test_examination_sigterm_mid_burst_drains_and_files_each_of_200_once(
        stack, services) -> None:  # type: ignore[no-untyped-def]
    session_examination = services.procs["examination"]
    t_stop = time.monotonic()
    assert session_examination.stop(30) == 0, session_examination.tail()
    idle_drain = time.monotonic() - t_stop
    replica = Replica(stack, "examination")
    tag = f"drainx-{uuid.uuid4().hex[:8]}"
    events = [ApplicationFiled(
        application_id=uuid.uuid4(), procedure=Procedure.EXT, organization_id=None,
        bureau="東", reference_number=f"{i:010d}", filed_at=datetime.now(UTC),
        notification_emails=[f"{tag}-{i}@example.com"], applicant_key=f"{tag}-{i}")
        for i in range(FILINGS)]
    apps = [e.application_id for e in events]
    conn = await asyncpg.connect(stack.database_url("examination"))
    try:
        await replica.start()
        placed = await publish(stack.kafka_bootstrap, APPLICATION_FILED.name, [
            (str(e.application_id).encode(), e.model_dump_json().encode()) for e in events])

        async def filed() -> int:
            return await conn.fetchval("SELECT count(*) FROM applications WHERE id = ANY($1)",
                                       apps)

        async def enough() -> int:
            return n if (n := await filed()) >= SIGNAL_AFTER else 0

        await wait_for(enough, timeout=60, interval=0.01, what=f"{SIGNAL_AFTER} filings")
        draining = replica.terminate()
        code, took = await draining.exited()
        members = await group_members(stack.kafka_bootstrap, GROUP)
        at_exit = await filed()
        unpublished = await conn.fetchval("SELECT count(*) FROM outbox")
        committed = await committed_of(stack.kafka_bootstrap, GROUP, placed, APPLICATION_FILED.name)
        assert code == 0, replica.proc.tail()
        draining.assert_not_ready_at_once()
        assert at_exit < FILINGS, "the burst was over before the signal: nothing was drained"
        assert committed == at_exit, "the offsets of the handled filings were not all committed"
        assert unpublished == 0, "the outbox was not flushed"
        assert members == 0, "the stopped consumers did not leave their group"

        t_restart = time.monotonic()
        session_examination.start()
        session_examination.wait_ready(60)
        wanted = {str(a) for a in apps}

        def complete(reader: TopicReader) -> bool:
            seen = {(v["application_id"], v["sequence"]) for v in reader.values(STATUS.name)
                    if v.get("application_id") in wanted}
            return len(seen) == 2 * FILINGS

        async with TopicReader(stack.kafka_bootstrap, STATUS.name) as reader:
            await reader.until(complete, timeout=120, what="both statuses of all 200 filings")
            t_done = time.monotonic()
            ours = [v for v in reader.values(STATUS.name) if v.get("application_id") in wanted]
        sent = Counter((v["application_id"], v["sequence"]) for v in ours)
        provisional = Counter(v["provisional_receipt_number"] for v in ours if v["sequence"] == 2)
        rows = await conn.fetch("SELECT id, provisional_receipt_number FROM applications "
                                "WHERE id = ANY($1)", apps)
        print(f"\nexamination drain: idle replica stopped in {idle_drain:.2f}s; SIGTERM after "
              f"{SIGNAL_AFTER}+ filings → exit {code} in {took:.2f}s (shutdown delay 1s "
              f"included), {at_exit} filed and {committed} offsets committed at exit, outbox "
              f"left {unpublished}, group members left {members}; /readyz after the signal "
              f"{draining.readiness}; next replica ready and all {2 * FILINGS} status events "
              f"on the wire {t_done - t_restart:.2f}s after the restart; {len(ours)} status "
              f"records read")
        assert max(sent.values()) == 1, "a status event was published twice"
        assert len(provisional) == FILINGS and max(provisional.values()) == 1
        assert {str(r["id"]): r["provisional_receipt_number"] for r in rows} == {
            v["application_id"]: v["provisional_receipt_number"] for v in ours
            if v["sequence"] == 2}
    finally:
        await conn.close()
        replica.kill()
        if not session_examination.alive():
            session_examination.start()
        session_examination.wait_ready(60)
