"""SIGTERM examination in the middle of 200 filings: it finishes the filings in hand, commits
their offsets, leaves its group, publishes its outbox and exits 0; the next replica files the
rest; each filing gets one history and one provisional number, no status event is sent twice."""

import uuid
from collections import Counter

from residency_contracts.topics import APPLICATION_FILED

from tests.e2e.drain_support import drain_run
from tests.e2e.filing_burst import both_status_events, filings

FILINGS = 200
SIGNAL_AFTER = 50


async def test_examination_sigterm_mid_burst_drains_and_files_each_of_200_once(
        stack, services) -> None:  # type: ignore[no-untyped-def]
    async with drain_run(stack, services, "examination") as run:
        events = filings(f"drainx-{uuid.uuid4().hex[:8]}", FILINGS)
        apps = [e.application_id for e in events]

        async def filed() -> int:
            return await run.conn.fetchval("SELECT count(*) FROM applications WHERE id = "
                                           "ANY($1)", apps)

        drained = await run.burst_then_sigterm(APPLICATION_FILED, events, filed, SIGNAL_AFTER,
                                               "filings")
        unpublished = await run.conn.fetchval("SELECT count(*) FROM outbox")
        assert unpublished == 0, "the outbox was not flushed"

        t_restart = run.restart_session()
        ours, t_done = await both_status_events(stack, apps)
        sent = Counter((v["application_id"], v["sequence"]) for v in ours)
        provisional = Counter(v["provisional_receipt_number"] for v in ours if v["sequence"] == 2)
        rows = await run.conn.fetch("SELECT id, provisional_receipt_number FROM applications "
                                    "WHERE id = ANY($1)", apps)
        print(f"\nexamination drain: idle replica stopped in {run.idle_drain_s:.2f}s; SIGTERM "
              f"after {SIGNAL_AFTER}+ filings → exit {drained.code} in {drained.took:.2f}s "
              f"(shutdown delay 1s included), {drained.at_exit} filed and {drained.committed} "
              f"offsets committed at exit, outbox left {unpublished}, group members left "
              f"{drained.members}; /readyz after the signal {drained.readiness}; next replica "
              f"ready and all {2 * FILINGS} status events on the wire "
              f"{t_done - t_restart:.2f}s after the restart; {len(ours)} status records read")
        assert max(sent.values()) == 1, "a status event was published twice"
        assert len(provisional) == FILINGS and max(provisional.values()) == 1
        assert {str(r["id"]): r["provisional_receipt_number"] for r in rows} == {
            v["application_id"]: v["provisional_receipt_number"] for v in ours
            if v["sequence"] == 2}
