"""How fast notify sends on one reused SMTP connection (handler + ledger + real sink)."""

import time
import uuid

from residency_contracts import Procedure, SendReferenceNumber

from tests.helpers import mails

COUNT = 200


async def test_200_emails_one_by_one_on_one_connection_take_seconds_not_minutes(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    service_env("notify")
    from residency_messaging import migrations
    from residency_messaging.db import create_pool
    from residency_notify import handlers
    from residency_notify.mailer import SmtpMailer

    pool = await create_pool(stack.database_url("notify"))
    await migrations.upgrade("notify", stack.database_url("notify"))
    mailer = SmtpMailer(stack.smtp_host, stack.smtp_port)
    tag = f"rate-{uuid.uuid4().hex[:8]}"
    commands = [SendReferenceNumber(to=[f"{tag}-{i}@example.com"], reference_number=f"{i:010d}",
                                    procedure=Procedure.EXT) for i in range(COUNT)]
    try:
        t0 = time.monotonic()
        for c in commands:
            await handlers.send_email(pool, mailer, c, sender="no-reply@residency-online.invalid",
                                      salt="s")
        elapsed = time.monotonic() - t0
    finally:
        await mailer.close()
        await pool.close()
    got = [m for m in await mails(stack.mail_api_url) if any(tag in a for a in m["to"])]
    print(f"\nnotify handler: {COUNT} emails in {elapsed:.2f}s = {COUNT / elapsed:.0f} emails/s "
          "(one connection, ledger claim + mark per email)")
    assert len(got) == COUNT
    assert elapsed < 60
