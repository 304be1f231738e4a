"""residency_contracts: the schemas of every event and command, and their topics."""

from .attachments import AttachmentKind, VerdictCode
from .commands import (
    SendEmail,
    SendEmailChangeLink,
    SendPasswordResetLink,
    SendProfileChanged,
    SendProvisionalReceiptNumber,
    SendReferenceNumber,
    SendReferencePassword,
    SendRegistrationLink,
    SendUserIdIssued,
    SendUserIdReminder,
)
from .common import (
    CESR_RECEIPT_REMINDER_EVERY,
    CORRECTION_REMINDER_EVERY,
    PROCEDURE_NAMES,
    STATUS_LABELS_JA,
    TERMINAL_STATUSES,
    TOKYO,
    ApplicationStatus,
    Message,
    Procedure,
)
from .events import (
    ApplicationFiled,
    ApplicationStatusChanged,
    AttachmentChecked,
    AttachmentUploaded,
)
from .topics import (
    ALL_TOPICS,
    DEAD_LETTER_TOPICS,
    SERVICES,
    Topic,
    consumer_group,
    dead_letter_spec,
    dead_letter_topic,
)

__all__ = [
    "ALL_TOPICS", "DEAD_LETTER_TOPICS", "SERVICES", "consumer_group", "dead_letter_spec",
    "CESR_RECEIPT_REMINDER_EVERY", "CORRECTION_REMINDER_EVERY", "TERMINAL_STATUSES", "TOKYO",
    "PROCEDURE_NAMES", "STATUS_LABELS_JA", "SendEmailChangeLink",
    "SendPasswordResetLink", "SendProfileChanged", "SendRegistrationLink", "SendUserIdIssued",
    "SendUserIdReminder", "ApplicationFiled", "ApplicationStatus",
    "ApplicationStatusChanged", "AttachmentChecked", "AttachmentKind", "AttachmentUploaded",
    "Message", "Procedure", "SendEmail", "SendProvisionalReceiptNumber", "SendReferenceNumber",
    "SendReferencePassword", "Topic", "VerdictCode", "dead_letter_topic",
]
