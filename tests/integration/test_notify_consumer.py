"""notify against the real broker, database and mail sink."""

import uuid

from residency_contracts import Procedure, SendReferenceNumber
from residency_contracts.topics import SEND_EMAIL

from tests.helpers import mails, publish, wait_for


async def test_the_same_command_delivered_twice_sends_one_email(stack, service_env) -> None:  # type: ignore[no-untyped-def]
    service_env("notify")
    from residency_notify.app import create_app

    _, runtime = create_app()
    await runtime.start()
    try:
        to = f"office-{uuid.uuid4().hex[:8]}@example.com"
        command = SendReferenceNumber(to=[to], reference_number="0000000018",
                                      procedure=Procedure.EXT)
        sentinel = SendReferenceNumber(to=[to], reference_number="0000000026",
                                       procedure=Procedure.EXT)
        key = b"same-partition"
        for c in (command, command, sentinel):
            await publish(stack.kafka_bootstrap, SEND_EMAIL.name, c.model_dump_json().encode(), key)

        async def both() -> list:
            got = await mails(stack.mail_api_url, to)
            return got if any("0000000026" in m["text"] for m in got) else []

        got = await wait_for(both, what="the sentinel email")
        first = [m for m in got if "0000000018" in m["text"]]
        assert len(first) == 1
        assert "整理番号" in first[0]["subject"] and "reference number" in first[0]["subject"]
        assert first[0]["html"] and "0000000018" in first[0]["html"]
        ledger = await runtime.pool.fetchval(
            "SELECT status FROM sent_mail WHERE event_id = $1", command.event_id)
        assert ledger == "sent"
    finally:
        await runtime.stop()


async def test_an_address_the_client_cannot_send_to_fails_alone(stack, service_env) -> None:  # type: ignore[no-untyped-def]
    service_env("notify")
    from residency_notify.app import create_app

    _, runtime = create_app()
    await runtime.start()
    try:
        good = f"office-{uuid.uuid4().hex[:8]}@example.com"
        bad = SendReferenceNumber(to=["<>@example.com"], reference_number="0000000018",
                                  procedure=Procedure.EXT)
        after = SendReferenceNumber(to=[good], reference_number="0000000034",
                                    procedure=Procedure.EXT)
        for c in (bad, after):
            await publish(stack.kafka_bootstrap, SEND_EMAIL.name, c.model_dump_json().encode(),
                          b"one-partition")

        async def delivered() -> list:
            return await mails(stack.mail_api_url, good)

        assert await wait_for(delivered, what="the mail queued behind the bad address")
        status = await runtime.pool.fetchval(
            "SELECT status FROM sent_mail WHERE event_id = $1", bad.event_id)
        assert status == "failed"
    finally:
        await runtime.stop()
