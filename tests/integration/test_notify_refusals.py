"""notify on the real broker, database, object store and mail sink refuses what it must not
mail: a sealed secret moved into another command (the reset link of one account, readdressed
to someone else) and a file its email type may not attach (a passport in `accepted`, named by
a CESR email). Each is dead-lettered with a code — never the secret — and nothing is mailed;
the mail queued behind it goes out."""

import hashlib
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from residency_contracts.cesr import EmailAttachment, SendCesr
from residency_contracts.commands import SendPasswordResetLink
from residency_contracts.topics import SEND_EMAIL, dead_letter_topic
from residency_devstack.s3 import s3_client
from residency_messaging.outbox import enqueue

from tests.helpers import TopicReader, mails, publish, wait_for

DLQ = dead_letter_topic("notify")
LINK = "https://residency.example/accounts/password-reset?token=sample-reset-token"


def letters(reader: TopicReader, event_id: uuid.UUID) -> list[dict[str, bytes]]:
    return [dict(r.headers) for r in reader.records
            if r.topic == DLQ and str(event_id).encode() in r.value]


async def sealed_by_intake(pool: Any, command: SendPasswordResetLink) -> SendPasswordResetLink:
    """The command as intake's outbox writes it (sealed with intake's keys); the row is taken
    back out so no relay publishes it."""
    async with pool.acquire() as conn, conn.transaction():
        await enqueue(conn, SEND_EMAIL, command)
        payload = await conn.fetchval(
            "DELETE FROM outbox WHERE key = $1 RETURNING payload", str(command.event_id))
    return SendPasswordResetLink.model_validate_json(payload)


async def test_a_reset_link_moved_into_a_command_addressed_elsewhere_is_refused(
        stack, pool, service_env) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    owner, attacker = f"owner-{tag}@example.com", f"attacker-{tag}@example.net"
    original = await sealed_by_intake(pool, SendPasswordResetLink(
        to=[owner], link=LINK, expires_at=datetime.now(UTC) + timedelta(hours=1)))
    assert LINK not in original.model_dump_json()  # ciphertext in the outbox and on the topic
    forged = SendPasswordResetLink(to=[attacker], link=original.link,
                                   expires_at=original.expires_at)

    service_env("notify")
    from residency_notify.app import create_app

    _, runtime = create_app()
    await runtime.start()
    try:
        async with TopicReader(stack.kafka_bootstrap, DLQ) as reader:
            for command in (forged, original):  # one partition: the forged one first
                await publish(stack.kafka_bootstrap, SEND_EMAIL.name,
                              command.model_dump_json().encode(), f"reset-{tag}".encode())
            [mail] = await wait_for(lambda: mails(stack.mail_api_url, owner),
                                    what="the owner's reset email")
            assert LINK in mail["text"]  # the genuine command opens and is mailed
            await reader.until(lambda r: bool(letters(r, forged.event_id)),
                               what="the forged command dead-lettered")
            [headers] = letters(reader, forged.event_id)
        error = headers["dlq_error"].decode()
        assert "SEALED_VALUE_REFUSED" in error and "password_reset_link.link" in error
        assert LINK not in error and original.link not in error
        assert await mails(stack.mail_api_url, attacker) == []
        assert await runtime.pool.fetchval(
            "SELECT count(*) FROM sent_mail WHERE event_id = $1", forged.event_id) == 0
    finally:
        await runtime.stop()


def cesr_email(to: str, attachment: EmailAttachment, application_id: uuid.UUID) -> SendCesr:
    return SendCesr(
        to=[to], application_id=application_id, cesr_number="東オンCESR26000001",
        issued_on=date(2026, 1, 5), valid_until=date(2026, 4, 5), receipt_url="https://x/r",
        reference_number="0000000018", latin_name="SAMPLE,TARO", nationality="VNM",
        date_of_birth=date(2000, 1, 31), status_of_residence_ja="留学",
        status_of_residence_en="Student", issued_by="東京出入国在留管理局",
        attachments=[attachment])


async def test_a_cesr_email_naming_a_passport_in_accepted_is_refused(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    app_id = uuid.uuid4()
    passport = b"%PDF-1.7 sample passport scan"
    key = f"{app_id}/{uuid.uuid4()}"
    s3 = s3_client(stack.s3_endpoint, stack.credentials)
    s3.put_object("accepted", key, io.BytesIO(passport), len(passport))
    pdf = b"%PDF-1.7 sample signed certificate"
    s3.put_object("cesr", f"2026/{app_id}.pdf", io.BytesIO(pdf), len(pdf))
    outsider, office = f"outsider-{tag}@example.net", f"office-{tag}@example.ac.jp"
    stolen = cesr_email(outsider, EmailAttachment(
        bucket="accepted", key=key, filename="passport.pdf",
        sha256=hashlib.sha256(passport).hexdigest()), app_id)
    genuine = cesr_email(office, EmailAttachment(
        bucket="cesr", key=f"2026/{app_id}.pdf", filename="CESR.pdf",
        sha256=hashlib.sha256(pdf).hexdigest()), app_id)

    service_env("notify")
    from residency_notify.app import create_app

    _, runtime = create_app()
    await runtime.start()
    try:
        async with TopicReader(stack.kafka_bootstrap, DLQ) as reader:
            for command in (stolen, genuine):
                await publish(stack.kafka_bootstrap, SEND_EMAIL.name,
                              command.model_dump_json().encode(), f"cesr-{tag}".encode())
            [mail] = await wait_for(lambda: mails(stack.mail_api_url, office),
                                    what="the genuine CESR email")
            assert [a["filename"] for a in mail["attachments"]] == ["CESR.pdf"]
            await reader.until(lambda r: bool(letters(r, stolen.event_id)),
                               what="the CESR email naming a passport dead-lettered")
            [headers] = letters(reader, stolen.event_id)
        error = headers["dlq_error"].decode()
        assert "ATTACHMENT_NOT_ALLOWED" in error and "cesr_issued attachments[0]" in error
        assert key not in error
        assert await mails(stack.mail_api_url, outsider) == []
    finally:
        await runtime.stop()
