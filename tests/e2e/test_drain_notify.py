"""SIGTERM notify in the middle of 200 emails: it turns not ready, finishes the sends in hand,
commits their offsets, leaves its group and exits 0; the next replica sends the rest; every
email arrives exactly once and nothing is resent."""

import time
import uuid
from collections import Counter

from residency_contracts import Procedure, SendReferenceNumber
from residency_contracts.topics import SEND_EMAIL

from tests.e2e.drain_support import drain_run
from tests.helpers import mails, wait_for

BURST = 200
SIGNAL_AFTER = 50


async def test_notify_sigterm_mid_burst_drains_and_sends_each_of_200_emails_exactly_once(
        stack, services) -> None:  # type: ignore[no-untyped-def]
    async with drain_run(stack, services, "notify") as run:
        tag = f"drain-{uuid.uuid4().hex[:8]}"
        commands = [SendReferenceNumber(to=[f"{tag}-{i}@example.com"],
                                        reference_number=f"{i:010d}", procedure=Procedure.EXT)
                    for i in range(BURST)]
        expected = {f"<{c.event_id}@residency-online>" for c in commands}
        ids_ = [c.event_id for c in commands]

        async def sent() -> int:
            return await run.conn.fetchval("SELECT count(*) FROM sent_mail WHERE event_id = "
                                           "ANY($1) AND status = 'sent'", ids_)

        drained = await run.burst_then_sigterm(SEND_EMAIL, commands, sent, SIGNAL_AFTER,
                                               "emails sent")
        in_doubt = await run.conn.fetchval("SELECT count(*) FROM sent_mail WHERE event_id = "
                                           "ANY($1) AND status = 'sending'", ids_)
        assert in_doubt == 0, "a send was cut off mid-way"

        t_restart = run.restart_session()

        async def all_there() -> list[dict]:
            got = [m for m in await mails(stack.mail_api_url) if any(tag in a for a in m["to"])]
            return got if {m["message_id"] for m in got} >= expected else []

        await wait_for(all_there, timeout=120, interval=0.5, what="all 200 emails")
        t_done = time.monotonic()
        got = [m for m in await mails(stack.mail_api_url) if any(tag in a for a in m["to"])]
        message_ids = Counter(m["message_id"] for m in got)
        resent = await run.conn.fetchval("SELECT coalesce(sum(resent_after_crash), 0) FROM "
                                         "sent_mail WHERE event_id = ANY($1)", ids_)
        print(f"\nnotify drain: idle replica stopped in {run.idle_drain_s:.2f}s; SIGTERM after "
              f"{SIGNAL_AFTER}+ sends → exit {drained.code} in {drained.took:.2f}s (shutdown "
              f"delay 1s included), {drained.at_exit} sent and {drained.committed} offsets "
              f"committed at exit, group members left {drained.members}; /readyz after the "
              f"signal {drained.readiness}; next replica ready and the other "
              f"{BURST - drained.at_exit} sent in {t_done - t_restart:.2f}s; "
              f"{len(message_ids)} distinct Message-IDs, {len(got)} raw, resent {resent}")
        assert len(got) == BURST and set(message_ids) == expected
        assert resent == 0
