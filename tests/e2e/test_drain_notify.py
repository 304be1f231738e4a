"""SIGTERM notify in the middle of 200 emails: it turns not ready, finishes the sends in hand,
commits their offsets, leaves its group and exits 0; the next replica sends the rest; every
email arrives exactly once and nothing is resent."""

import time
import uuid
from collections import Counter

import asyncpg
from residency_contracts import Procedure, SendReferenceNumber, consumer_group
from residency_contracts.topics import SEND_EMAIL

from tests.e2e.drain_support import Replica, committed_of, group_members, publish
from tests.helpers import mails, wait_for

BURST = 200
SIGNAL_AFTER = 50
GROUP = consumer_group("notify", SEND_EMAIL.name)


async def test_notify_sigterm_mid_burst_drains_and_sends_each_of_200_emails_exactly_once(
        stack, services) -> None:  # type: ignore[no-untyped-def]
    session_notify = services.procs["notify"]
    t_stop = time.monotonic()
    assert session_notify.stop(30) == 0, session_notify.tail()  # idle: a drain with nothing in hand
    idle_drain = time.monotonic() - t_stop
    replica = Replica(stack, "notify")
    tag = f"drain-{uuid.uuid4().hex[:8]}"
    commands = [SendReferenceNumber(to=[f"{tag}-{i}@example.com"],
                                    reference_number=f"{i:010d}", procedure=Procedure.EXT)
                for i in range(BURST)]
    expected = {f"<{c.event_id}@residency-online>" for c in commands}
    ids_ = [c.event_id for c in commands]
    conn = await asyncpg.connect(stack.database_url("notify"))
    try:
        await replica.start()
        placed = await publish(stack.kafka_bootstrap, SEND_EMAIL.name, [
            (str(c.event_id).encode(), c.model_dump_json().encode()) for c in commands])

        async def sent() -> int:
            return await conn.fetchval("SELECT count(*) FROM sent_mail WHERE event_id = ANY($1) "
                                       "AND status = 'sent'", ids_)

        async def enough() -> int:
            return n if (n := await sent()) >= SIGNAL_AFTER else 0

        await wait_for(enough, timeout=60, interval=0.01, what=f"{SIGNAL_AFTER} emails sent")
        draining = replica.terminate()
        code, took = await draining.exited()
        members = await group_members(stack.kafka_bootstrap, GROUP)
        at_exit = await sent()
        in_doubt = await conn.fetchval("SELECT count(*) FROM sent_mail WHERE event_id = ANY($1) "
                                       "AND status = 'sending'", ids_)
        committed = await committed_of(stack.kafka_bootstrap, GROUP, placed, SEND_EMAIL.name)
        assert code == 0, replica.proc.tail()
        draining.assert_not_ready_at_once()
        assert at_exit < BURST, "the burst was over before the signal: nothing was drained"
        assert in_doubt == 0, "a send was cut off mid-way"
        assert committed == at_exit, "the offsets of the handled commands were not all committed"
        assert members == 0, "the stopped consumers did not leave their group"

        t_restart = time.monotonic()
        session_notify.start()
        session_notify.wait_ready(60)

        async def all_there() -> list[dict]:
            got = [m for m in await mails(stack.mail_api_url) if any(tag in a for a in m["to"])]
            return got if {m["message_id"] for m in got} >= expected else []

        await wait_for(all_there, timeout=120, interval=0.5, what="all 200 emails")
        t_done = time.monotonic()
        got = [m for m in await mails(stack.mail_api_url) if any(tag in a for a in m["to"])]
        message_ids = Counter(m["message_id"] for m in got)
        resent = await conn.fetchval("SELECT coalesce(sum(resent_after_crash), 0) FROM sent_mail "
                                     "WHERE event_id = ANY($1)", ids_)
        print(f"\nnotify drain: idle replica stopped in {idle_drain:.2f}s; SIGTERM after "
              f"{SIGNAL_AFTER}+ sends → exit {code} in {took:.2f}s (shutdown delay 1s included), "
              f"{at_exit} sent and {committed} offsets committed at exit, group members left "
              f"{members}; /readyz after the signal {draining.readiness}; next replica ready and "
              f"the other {BURST - at_exit} sent in {t_done - t_restart:.2f}s; "
              f"{len(message_ids)} distinct Message-IDs, {len(got)} raw, resent {resent}")
        assert len(got) == BURST and set(message_ids) == expected
        assert resent == 0
    finally:
        await conn.close()
        replica.kill()
        if not session_notify.alive():
            session_notify.start()
        session_notify.wait_ready(60)
