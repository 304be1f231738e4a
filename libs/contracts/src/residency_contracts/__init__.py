"""residency_contracts: the schemas of every event and command, and their topics."""

from .attachments import AttachmentKind, VerdictCode
from .commands import (
    SendEmail,
    SendProvisionalReceiptNumber,
    SendReferenceNumber,
    SendReferencePassword,
)
from .common import STATUS_LABELS_JA, ApplicationStatus, Message, Procedure
from .events import (
    ApplicationFiled,
    ApplicationStatusChanged,
    AttachmentChecked,
    AttachmentUploaded,
)
from .topics import ALL_TOPICS, Topic, dead_letter_topic

__all__ = [
    "ALL_TOPICS", "STATUS_LABELS_JA", "ApplicationFiled", "ApplicationStatus",
    "ApplicationStatusChanged", "AttachmentChecked", "AttachmentKind", "AttachmentUploaded",
    "Message", "Procedure", "SendEmail", "SendProvisionalReceiptNumber", "SendReferenceNumber",
    "SendReferencePassword", "Topic", "VerdictCode", "dead_letter_topic",
]
