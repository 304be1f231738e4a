"""examination against the real broker and database: inbox, outbox, dead letters."""

import uuid
from datetime import UTC, datetime

from residency_contracts import ApplicationFiled, dead_letter_topic
from residency_contracts.topics import APPLICATION_FILED, SEND_EMAIL, STATUS

from tests.helpers import TopicReader, publish


def filed(**kw: object) -> ApplicationFiled:
    return ApplicationFiled(**{
        "application_id": uuid.uuid4(), "procedure": "EXT", "organization_id": None,
        "bureau": "東", "reference_number": "0000000018", "filed_at": datetime.now(UTC),
        "notification_emails": [f"{uuid.uuid4().hex[:8]}@example.com"],
        "applicant_key": uuid.uuid4().hex,
        **kw})


async def test_a_redelivered_filing_changes_nothing_and_a_poison_message_is_dead_lettered(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    service_env("examination")
    from residency_examination.app import create_app

    _, runtime = create_app()
    await runtime.start()
    try:
        first, sentinel = filed(), filed()
        key = str(first.application_id).encode()
        for value in (first.model_dump_json().encode(), first.model_dump_json().encode(),
                      b"{not json", sentinel.model_dump_json().encode()):
            # one key: one partition, so the sentinel is handled after everything before it
            await publish(stack.kafka_bootstrap, APPLICATION_FILED.name, value, key)
        ids = {str(first.application_id), str(sentinel.application_id)}
        async with TopicReader(stack.kafka_bootstrap, STATUS.name, SEND_EMAIL.name,
                               dead_letter_topic("examination")) as reader:
            # emails are keyed by their own event id (any partition): wait for both
            await reader.until(lambda r: all(any(
                v.get("application_id") == str(app.application_id) and v.get("template")
                for v in r.values(SEND_EMAIL.name)) for app in (first, sentinel)) and sum(
                v.get("application_id") == str(first.application_id)
                for v in r.values(STATUS.name)) >= 2 and any(
                rec.value == b"{not json" for rec in r.records
                if rec.topic == dead_letter_topic("examination")),
                what="the sentinel's email and the dead letter")
            statuses = [v for v in reader.values(STATUS.name) if v["application_id"] in ids]
            mine = [(v["previous_status"], v["status"], v["sequence"]) for v in statuses
                    if v["application_id"] == str(first.application_id)]
            assert mine == [(None, "pending", 1), ("pending", "filed", 2)]
            filed_event = next(v for v in statuses if v["status"] == "filed"
                               and v["application_id"] == str(first.application_id))
            assert filed_event["provisional_receipt_number"].startswith("仮東オンEP")
            assert filed_event["reference_number"] == "0000000018"
            emails = [v for v in reader.values(SEND_EMAIL.name)
                      if v.get("application_id") == str(first.application_id)]
            assert len(emails) == 1
            assert emails[0]["provisional_receipt_number"] == filed_event[
                "provisional_receipt_number"]
            dead = [r for r in reader.records if r.topic == dead_letter_topic("examination")]
            assert any(r.value == b"{not json" and dict(r.headers).get("dlq_error")
                       for r in dead)
    finally:
        await runtime.stop()


async def test_provisional_numbers_are_unique_under_concurrent_filings(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    service_env("examination")
    from residency_examination import handlers
    from residency_messaging import migrations
    from residency_messaging.db import create_pool

    pool = await create_pool(stack.database_url("examination"), max_size=8)
    try:
        await migrations.upgrade("examination", stack.database_url("examination"))
        events = [filed() for _ in range(40)]
        await asyncio.gather(*(handlers.application_filed(pool, e, datetime.now(UTC))
                               for e in events))
        numbers = await pool.fetch(
            "SELECT provisional_receipt_number FROM applications WHERE id = ANY($1)",
            [e.application_id for e in events])
        values = [r[0] for r in numbers]
        assert len(values) == 40 and len(set(values)) == 40
    finally:
        await pool.close()
