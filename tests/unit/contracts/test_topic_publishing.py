"""Typed publishing: a topic takes only its own message type and reads the key from it."""

from uuid import uuid4

import pytest
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_contracts.commands import SendReceiptNumber
from residency_contracts.examiner import DenyApplication, ExaminationCommand
from residency_contracts.topics import (
    ALL_TOPICS,
    EXAMINATION_COMMANDS,
    SEND_EMAIL,
    STATUS,
    WrongMessage,
    message_types,
)


def status_event() -> ApplicationStatusChanged:
    return ApplicationStatusChanged(
        application_id=uuid4(), sequence=1, procedure=Procedure.EXT, organization_id=None,
        previous_status=None, status=ApplicationStatus.PENDING, reference_number="0000000018")


def test_the_key_is_the_declared_key_field_of_the_message() -> None:
    event = status_event()
    assert STATUS.address(event) == ("residency.status.v1", str(event.application_id))
    email = SendReceiptNumber(to=["filer@example.invalid"], application_id=uuid4(),
                              reference_number="0000000018", receipt_number="東オンEP26000001",
                              procedure=Procedure.EXT)
    assert SEND_EMAIL.address(email) == (SEND_EMAIL.name, str(email.event_id))


def test_a_message_of_another_type_is_refused() -> None:
    with pytest.raises(WrongMessage, match="residency.status.v1"):
        STATUS.address(DenyApplication(application_id=uuid4(), requested_by=uuid4(),
                                       reason="incomplete"))
    with pytest.raises(WrongMessage):
        EXAMINATION_COMMANDS.address(status_event())


def test_a_discriminated_union_admits_each_of_its_members() -> None:
    assert DenyApplication in EXAMINATION_COMMANDS.message_types
    assert set(EXAMINATION_COMMANDS.message_types) == set(message_types(ExaminationCommand))
    assert len(EXAMINATION_COMMANDS.message_types) == 8


def test_every_topic_declares_a_key_field_its_messages_have() -> None:
    for topic in ALL_TOPICS:
        for cls in topic.message_types:
            assert topic.key in cls.model_fields, (topic.name, cls.__name__)  # type: ignore[attr-defined]
