"""examination's command handling against the real broker and database: each accepted
command moves the lifecycle once and announces it; a redelivered command changes nothing;
an illegal one is recorded and publishes nothing."""

import uuid
from datetime import UTC, datetime

from residency_contracts import ApplicationFiled
from residency_contracts.examiner import (
    ApproveApplication,
    DenyApplication,
    RequestCorrection,
    TakeIntoExamination,
)
from residency_contracts.topics import APPLICATION_FILED, EXAMINATION_COMMANDS, STATUS

from tests.helpers import TopicReader, publish

EXAMINER = uuid.uuid4()


def filed(procedure: str = "EXT") -> ApplicationFiled:
    return ApplicationFiled(
        application_id=uuid.uuid4(), procedure=procedure, organization_id=uuid.uuid4(),
        bureau="大", reference_number="0000000026", filed_at=datetime.now(UTC),
        notification_emails=[f"{uuid.uuid4().hex[:8]}@example.com"],
        applicant_key=uuid.uuid4().hex)


async def test_commands_move_the_lifecycle_once_each_and_illegal_ones_publish_nothing(
        stack, service_env) -> None:  # type: ignore[no-untyped-def]
    service_env("examination")
    from residency_examination.app import create_app

    _, runtime = create_app()
    await runtime.start()
    try:
        event, other = filed("USE"), filed()
        app, key = event.application_id, str(event.application_id).encode()
        take = TakeIntoExamination(application_id=app, requested_by=EXAMINER)
        for e in (event, other):
            await publish(stack.kafka_bootstrap, APPLICATION_FILED.name,
                          e.model_dump_json().encode(), str(e.application_id).encode())
        async with TopicReader(stack.kafka_bootstrap, STATUS.name) as reader:
            await reader.until(lambda r: {str(app), str(other.application_id)} <= {
                v["application_id"] for v in r.values() if v["status"] == "filed"},
                what="both filed")
            for command in (
                    take, take,  # the same command twice: a redelivery
                    TakeIntoExamination(application_id=app, requested_by=EXAMINER),  # illegal
                    RequestCorrection(application_id=app, requested_by=EXAMINER,
                                      items=["Registry extract"]),
                    DenyApplication(application_id=app, requested_by=EXAMINER,
                                    reason="x"),  # illegal while 返却中
                    ApproveApplication(application_id=app, requested_by=EXAMINER),  # illegal
                    # sentinel: same key, so same partition, handled after all of the above
                    TakeIntoExamination(application_id=other.application_id,
                                        requested_by=EXAMINER)):
                await publish(stack.kafka_bootstrap, EXAMINATION_COMMANDS.name,
                              command.model_dump_json().encode(), key)
            await reader.until(lambda r: {(str(other.application_id), "examining"),
                                          (str(app), "returned")} <= {
                (v["application_id"], v["status"]) for v in r.values()},
                what="the sentinel's status")
            mine = [(v["previous_status"], v["status"], v["sequence"]) for v in reader.values()
                    if v["application_id"] == str(app)]
        assert mine == [(None, "pending", 1), ("pending", "filed", 2),
                        ("filed", "examining", 3), ("examining", "returned", 4)]
        rows = await runtime.pool.fetch(
            "SELECT action, accepted, status FROM examination_actions WHERE application_id = $1 "
            "ORDER BY occurred_at, accepted DESC", app)
        assert sorted((r["action"], r["accepted"]) for r in rows) == sorted([
            ("take", True), ("take", False), ("request_correction", True), ("deny", False),
            ("approve", False)])
        current = await runtime.pool.fetchrow(
            "SELECT status, sequence FROM applications WHERE id = $1", app)
        assert (current["status"], current["sequence"]) == ("returned", 4)
    finally:
        await runtime.stop()


async def test_a_usage_request_is_approved_straight_to_completed(stack, service_env) -> None:  # type: ignore[no-untyped-def]
    service_env("examination")
    from residency_examination import commands, handlers
    from residency_messaging import migrations
    from residency_messaging.db import create_pool

    pool = await create_pool(stack.database_url("examination"))
    try:
        await migrations.upgrade("examination", stack.database_url("examination"))
        now = datetime.now(UTC)
        for procedure, final in (("USE", "completed"), ("RPT", "completed"), ("EXT", "ready")):
            event = filed(procedure)
            await handlers.application_filed(pool, event, now)
            app = event.application_id
            approve = ApproveApplication(application_id=app, requested_by=EXAMINER)
            assert not await commands.command_received(pool, approve, now)  # not examined yet
            assert await commands.command_received(
                pool, TakeIntoExamination(application_id=app, requested_by=EXAMINER), now)
            assert not await commands.command_received(pool, approve, now)  # id already seen
            again = ApproveApplication(application_id=app, requested_by=EXAMINER)
            assert await commands.command_received(pool, again, now)
            status = await pool.fetchval("SELECT status FROM applications WHERE id = $1", app)
            assert status == final
        unknown = TakeIntoExamination(application_id=uuid.uuid4(), requested_by=EXAMINER)
        assert not await commands.command_received(pool, unknown, now)
    finally:
        await pool.close()
