"""Topic names, one message type each, declared next to their schema version."""

from dataclasses import dataclass

from pydantic import BaseModel

from .cesr import CesrIssued
from .commands import SendEmail
from .events import (
    ApplicationFiled,
    ApplicationStatusChanged,
    AttachmentChecked,
    AttachmentUploaded,
)
from .examiner import ExaminationCommand


@dataclass(frozen=True)
class Topic:
    name: str
    message: type[BaseModel] | object
    key: str
    public: bool = False
    description: str = ""


ATTACHMENT_UPLOADED = Topic(
    "residency.intake.attachment-uploaded.v1", AttachmentUploaded, "application_id",
    description="intake → documents: a file landed in quarantine and needs a verdict.",
)
ATTACHMENT_CHECKED = Topic(
    "residency.documents.attachment-checked.v1", AttachmentChecked, "application_id",
    description="documents → intake: the verdict on one attachment.",
)
APPLICATION_FILED = Topic(
    "residency.intake.application-filed.v1", ApplicationFiled, "application_id",
    description="intake → examination: an application was filed.",
)
STATUS = Topic(
    "residency.status.v1", ApplicationStatusChanged, "application_id", public=True,
    description="Public: every status change of every application, keyed by application id.",
)
SEND_EMAIL = Topic(
    "residency.notify.send-email.v1", SendEmail, "event_id",
    description="any service → notify: render and send one email (internal; carries addresses).",
)

EXAMINATION_COMMANDS = Topic(
    "residency.examination.commands.v1", ExaminationCommand, "application_id",
    description="intake → examination: examiner actions and filers' requests.",
)

CESR_ISSUED = Topic(
    "residency.examination.cesr-issued.v1", CesrIssued, "application_id",
    description="examination → intake: an electronic CESR was issued (number and PDF digest).",
)

ALL_TOPICS = (ATTACHMENT_UPLOADED, ATTACHMENT_CHECKED, APPLICATION_FILED, STATUS, SEND_EMAIL,
              EXAMINATION_COMMANDS, CESR_ISSUED)


def dead_letter_topic(consumer: str) -> str:
    """Dead-letter topic of one consumer group (poison messages, with the error in headers)."""
    return f"residency.dlq.{consumer}.v1"
