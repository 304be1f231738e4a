"""Commands to examination (topic residency.examination.commands.v1, keyed by application id).

Examiner actions and the filer's requests arrive through intake's API and are handed to
examination, which owns the lifecycle and answers with status events.
"""

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from .common import ApplicationStatus, Message

APP = Field(description="Application id (the Kafka key).")


class _Command(Message):
    application_id: UUID = APP
    requested_by: UUID = Field(description="User id of the examiner or filer (no name).")


class TakeIntoExamination(_Command):
    action: Literal["take"] = "take"


class RequestCorrection(_Command):
    """返却: ask for corrections or additional documents."""

    action: Literal["request_correction"] = "request_correction"
    items: list[str] = Field(min_length=1, description="What is needed, one item each.",
                             examples=[["Certificate of enrollment for the next term"]])


class ApproveApplication(_Command):
    action: Literal["approve"] = "approve"
    granted_period: str | None = Field(None, examples=["2 years"])


class DenyApplication(_Command):
    action: Literal["deny"] = "deny"
    reason: str = Field(min_length=1, max_length=2000)


class MarkCardDelivered(_Command):
    action: Literal["mark_delivered"] = "mark_delivered"
    how: Literal["posted", "collected"]


class ResubmitCorrections(_Command):
    """The filer's answer to a correction request (返却中 → 審査中): the requested items
    answered and the files added for them (earlier attachments stay)."""

    action: Literal["resubmit"] = "resubmit"
    items: list[str] = Field(min_length=1, description="The requested items answered.")
    attachment_ids: list[UUID] = Field(default_factory=list)


class ChangeReceiptMethod(_Command):
    """受領方法変更申出 (RCV) from the filer."""

    action: Literal["change_receipt_method"] = "change_receipt_method"
    receipt_method: Literal["mail", "counter", "email", "post"] = Field(
        description="The residence card's (mail, counter) or, for a COE, the certificate's "
        "(email: electronic, post: paper).")
    counter_bureau: str | None = None


class RegisterCesrReceipt(_Command):
    """受領登録: the organization confirms it received the electronic CESR."""

    action: Literal["register_cesr_receipt"] = "register_cesr_receipt"


AnyExaminationCommand = (
    TakeIntoExamination | RequestCorrection | ApproveApplication | DenyApplication
    | MarkCardDelivered | ChangeReceiptMethod | RegisterCesrReceipt | ResubmitCorrections)
"""Every command type on the topic (the type a handler of any of them takes)."""

ExaminationCommand = Annotated[AnyExaminationCommand, Field(discriminator="action")]
"""What arrives on the topic, told apart by its `action`."""


# Preconditions of the examiner's commands: the statuses in which examination accepts each one
# (any other is refused and publishes nothing). examination's lifecycle table must agree
# (a unit test checks it); intake uses this to answer 409 up front from its mirrored status.
ACCEPTED_IN: dict[str, frozenset[ApplicationStatus]] = {
    "take": frozenset({ApplicationStatus.FILED}),
    "request_correction": frozenset({ApplicationStatus.EXAMINING}),
    "approve": frozenset({ApplicationStatus.EXAMINING}),
    "deny": frozenset({ApplicationStatus.EXAMINING}),
    "mark_delivered": frozenset({ApplicationStatus.READY}),
}
