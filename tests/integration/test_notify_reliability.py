"""notify when the mail server refuses (4xx, 5xx) or is down; the operators' view of it."""

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from residency_contracts import Procedure, SendReferenceNumber
from residency_contracts.topics import SEND_EMAIL

from tests.helpers import mails, publish, wait_for

BIN = Path(sys.executable).parent


def _command(to: str, number: str = "0000000018") -> SendReferenceNumber:
    return SendReferenceNumber(to=[to], reference_number=number, procedure=Procedure.EXT)


async def _fault(api: str, **body: object) -> None:
    async with httpx.AsyncClient() as client:
        (await client.post(f"{api}/api/faults", json=body)).raise_for_status()


async def _clear_faults(api: str) -> None:
    async with httpx.AsyncClient() as client:
        (await client.delete(f"{api}/api/faults")).raise_for_status()


async def _ledger(runtime, event_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return await runtime.pool.fetchrow("SELECT * FROM sent_mail WHERE event_id = $1", event_id)


async def _operator_view(app, status: str) -> dict:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
        response = await client.get("/mail", params={"status": status})
        assert response.status_code == 200
        return dict(response.json())


async def test_a_5xx_refusal_is_failed_visible_to_operators_and_other_mail_flows(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    env = service_env("notify")
    from residency_notify.app import create_app

    app, runtime = create_app()
    await runtime.start()
    tag = uuid.uuid4().hex[:8]
    bad, good = f"refused-{tag}@example.com", f"office-{tag}@example.com"
    await _fault(stack.mail_api_url, match=bad, stage="rcpt", code=550, message="no such user")
    try:
        refused, after = _command(bad), _command(good, "0000000026")
        for c in (refused, after):
            await publish(stack.kafka_bootstrap, SEND_EMAIL.name, c.model_dump_json().encode(),
                          b"same-partition")

        assert await wait_for(lambda: mails(stack.mail_api_url, good), what="the next mail")
        row = await wait_for(lambda: _ledger(runtime, refused.event_id), what="the ledger row")
        assert row["status"] == "failed" and "550" in row["last_error"]
        assert await mails(stack.mail_api_url, bad) == []

        view = await _operator_view(app, "failed")
        listed = [i for i in view["items"] if i["event_id"] == str(refused.event_id)]
        assert len(listed) == 1 and listed[0]["template"] == "reference_number"
        assert listed[0]["message_id"] == f"<{refused.event_id}@residency-online>"
        assert bad not in json.dumps(view) and len(listed[0]["recipient_hashes"][0]) == 16

        report = await asyncio.to_thread(
            subprocess.run,
            [str(BIN / "residency-mail-report"), "--status", "failed", "--limit", "1000"],
            env=os.environ | env, capture_output=True, text=True, timeout=60, check=True)
        assert str(refused.event_id) in report.stdout and bad not in report.stdout
    finally:
        await _clear_faults(stack.mail_api_url)
        await runtime.stop()


async def test_a_4xx_is_retried_shown_pending_and_delivered_once_after_recovery(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    service_env("notify")
    from residency_notify.app import create_app

    app, runtime = create_app()
    await runtime.start()
    to = f"greylisted-{uuid.uuid4().hex[:8]}@example.com"
    await _fault(stack.mail_api_url, match=to, stage="data", code=451, message="try later")
    try:
        command = _command(to)
        await publish(stack.kafka_bootstrap, SEND_EMAIL.name, command.model_dump_json().encode())

        async def shown_pending() -> bool:
            view = await _operator_view(app, "pending")
            return any(i["event_id"] == str(command.event_id) and "451" in (i["last_error"] or "")
                       for i in view["items"])

        await wait_for(shown_pending, what="the refused mail in the operators' pending list")
        assert await mails(stack.mail_api_url, to) == []
        await _clear_faults(stack.mail_api_url)

        got = await wait_for(lambda: mails(stack.mail_api_url, to), timeout=40,
                             what="delivery after the server recovers")
        row = await wait_for(lambda: _sent(runtime, command.event_id), what="ledger sent")
        assert row["attempts"] >= 2 and row["last_error"] is None
        await asyncio.sleep(1)  # a late duplicate would land within this second
        got = await mails(stack.mail_api_url, to)
        assert len(got) == 1 and got[0]["message_id"] == f"<{command.event_id}@residency-online>"
    finally:
        await _clear_faults(stack.mail_api_url)
        await runtime.stop()


async def _sent(runtime, event_id: uuid.UUID):  # type: ignore[no-untyped-def]
    row = await _ledger(runtime, event_id)
    return row if row is not None and row["status"] == "sent" else None


async def test_while_the_server_is_down_mail_waits_then_goes_out_once(stack, service_env,
                                                                      tmp_path) -> None:  # type: ignore[no-untyped-def]
    service_env("notify")
    from residency_devstack.mailsink import MailSink
    from residency_devstack.ports import free_port
    from residency_messaging import migrations
    from residency_messaging.db import create_pool
    from residency_notify import handlers
    from residency_notify.mailer import SmtpMailer

    pool = await create_pool(stack.database_url("notify"))
    await migrations.upgrade("notify", stack.database_url("notify"))
    smtp_port = free_port()
    mailer = SmtpMailer("127.0.0.1", smtp_port, timeout=2)
    to = f"office-{uuid.uuid4().hex[:8]}@example.com"
    command = _command(to)
    sending = asyncio.create_task(handlers.send_email(
        pool, mailer, command, sender="no-reply@residency-online.invalid", salt="s",
        max_backoff_s=0.5))
    try:
        async def waiting() -> bool:
            row = await pool.fetchrow("SELECT status, attempts FROM sent_mail WHERE event_id = $1",
                                      command.event_id)
            return row is not None and row["attempts"] >= 2
        await wait_for(waiting, what="failed attempts recorded while the server is down")
        assert not sending.done()
        async with MailSink(tmp_path, smtp_port, free_port()) as sink:
            await asyncio.wait_for(sending, 20)
            assert len(sink.store.messages(to)) == 1
        status = await pool.fetchval("SELECT status FROM sent_mail WHERE event_id = $1",
                                     command.event_id)
        assert status == "sent"
        await handlers.send_email(pool, mailer, command, sender="x@y.invalid", salt="s")
        assert len(sink.store.messages(to)) == 1  # the ledger stops a redelivery
    finally:
        sending.cancel()
        await mailer.close()
        await pool.close()


async def test_a_recipient_that_keeps_answering_4xx_fails_after_the_bound_and_mail_flows_on(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    # The handler is called directly: the session's notify process (same consumer group)
    # could otherwise take the command with its own, larger bound.
    service_env("notify")
    from residency_notify import handlers
    from residency_notify.app import create_app
    from residency_notify.mailer import SmtpMailer

    app, runtime = create_app()
    await runtime.start()
    mailer = SmtpMailer(stack.smtp_host, stack.smtp_port)
    tag = uuid.uuid4().hex[:8]
    stuck, good = f"stuck-{tag}@example.com", f"behind-{tag}@example.com"
    await _fault(stack.mail_api_url, match=stuck, stage="rcpt", code=452, message="mailbox full")
    try:
        refused, after = _command(stuck), _command(good, "0000000026")
        for command in (refused, after):  # in partition order: the second waits for the first
            async with asyncio.timeout(30):
                await handlers.send_email(runtime.pool, mailer, command, sender="no-reply@x.invalid",
                                          salt="s", max_backoff_s=0.05, max_temporary_attempts=3)

        assert await wait_for(lambda: mails(stack.mail_api_url, good), what="the mail behind")
        row = await _ledger(runtime, refused.event_id)
        assert row["status"] == "failed" and row["attempts"] == 3
        assert "452" in row["last_error"] and "3 temporary refusals" in row["last_error"]
        assert stuck not in row["last_error"]
        assert await mails(stack.mail_api_url, stuck) == []
        view = await _operator_view(app, "failed")
        assert [i["event_id"] for i in view["items"] if i["event_id"] == str(refused.event_id)
                ] == [str(refused.event_id)]
    finally:
        await mailer.close()
        await _clear_faults(stack.mail_api_url)
        await runtime.stop()
