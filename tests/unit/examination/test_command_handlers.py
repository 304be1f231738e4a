"""examination's command handlers, on a unit of work in memory: one handler per command
type, and the paths that must change nothing (no broker, no database)."""

import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from residency_contracts import ApplicationStatus as S
from residency_contracts import Procedure
from residency_contracts.commands import SendReceiptMethodChange
from residency_contracts.examiner import (
    ApproveApplication,
    ChangeReceiptMethod,
    DenyApplication,
    MarkCardDelivered,
    RegisterCesrReceipt,
    RequestCorrection,
    ResubmitCorrections,
    TakeIntoExamination,
)
from residency_contracts.topics import EXAMINATION_COMMANDS, SEND_EMAIL
from residency_examination import commands
from residency_messaging.unit_of_work import exactly_once

from tests.unit.fake_unit_of_work import FakeConnection, FakeUnitOfWork

NOW = datetime(2026, 4, 1, 1, tzinfo=UTC)
APP = uuid4()
WHO = uuid4()


def row(status: S, procedure: Procedure = Procedure.EXT) -> dict[str, object]:
    return {"id": APP, "status": status.value, "sequence": 3, "procedure": procedure.value,
            "notification_emails": json.dumps(["filer@example.invalid"]),
            "reference_number": "0000000018", "organization_id": None}


def history(uow: FakeUnitOfWork) -> list[tuple[object, ...]]:
    return [args for sql, args in uow.conn.executed if "examination_actions" in sql]


def test_every_command_type_on_the_topic_has_exactly_one_handler() -> None:
    assert set(commands.HANDLERS) == set(EXAMINATION_COMMANDS.message_types)
    assert len(set(commands.HANDLERS.values())) == len(commands.HANDLERS)


@pytest.mark.parametrize(("command", "status"), [
    (TakeIntoExamination(application_id=APP, requested_by=WHO), S.EXAMINING),
    (ApproveApplication(application_id=APP, requested_by=WHO), S.FILED),
    (DenyApplication(application_id=APP, requested_by=WHO, reason="incomplete"), S.RETURNED),
    (RequestCorrection(application_id=APP, requested_by=WHO, items=["photo"]), S.READY),
    (ResubmitCorrections(application_id=APP, requested_by=WHO, items=["photo"]), S.EXAMINING),
    (MarkCardDelivered(application_id=APP, requested_by=WHO, how="posted"), S.EXAMINING),
])
async def test_an_illegal_command_is_recorded_as_refused_and_publishes_nothing(
        command: commands.Command, status: S) -> None:
    uow = FakeUnitOfWork(conn=FakeConnection(answers=[]))
    async with uow:
        assert not await commands.HANDLERS[type(command)](uow, row(status), command, NOW)
    assert uow.published == []
    [(_id, _app, action, _by, previous, new, accepted, _details, _at)] = history(uow)
    assert (action, previous, new, accepted) == (command.action, status, status, False)


async def test_a_refused_receipt_method_change_is_emailed_without_a_status_event() -> None:
    uow = FakeUnitOfWork(conn=FakeConnection(answers=[]))
    command = ChangeReceiptMethod(application_id=APP, requested_by=WHO, receipt_method="mail")
    async with uow:
        assert not await commands.change_receipt_method(uow, row(S.READY), command, NOW)
    [(topic, email)] = uow.published
    assert topic is SEND_EMAIL and isinstance(email, SendReceiptMethodChange)
    assert not email.applied and email.status_ja == "発行待ち"


async def test_a_cesr_receipt_for_a_procedure_without_a_cesr_changes_no_status() -> None:
    uow = FakeUnitOfWork(conn=FakeConnection(answers=[True]))  # the receipt row updated
    command = RegisterCesrReceipt(application_id=APP, requested_by=WHO)
    async with uow:
        assert not await commands.register_cesr_receipt(
            uow, row(S.READY, Procedure.EXT), command, NOW)
    assert uow.published == []
    assert [a[6] for a in history(uow)] == [False]


async def test_a_redelivered_command_reads_nothing_and_changes_nothing() -> None:
    command = TakeIntoExamination(application_id=APP, requested_by=WHO)
    uow = FakeUnitOfWork(processed={command.event_id})  # its connection refuses any query
    assert await exactly_once(uow, command.event_id,
                              lambda u: commands.handle(u, command, NOW)) is None
    assert uow.published == []


async def test_a_command_for_an_unknown_application_is_recorded_as_refused() -> None:
    command = DenyApplication(application_id=APP, requested_by=WHO, reason="incomplete")
    uow = FakeUnitOfWork(conn=FakeConnection(answers=[None]))  # no such application
    assert await exactly_once(uow, command.event_id,
                              lambda u: commands.handle(u, command, NOW)) is False
    assert uow.published == [] and [a[6] for a in history(uow)] == [False]
