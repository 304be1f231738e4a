"""Events: facts in the past tense. Internal ones may carry what their one consumer needs;
`ApplicationStatusChanged` is public and carries no personal data."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from .attachments import AttachmentKind, VerdictCode
from .cesr import CesrParticulars
from .common import ApplicationStatus, Message, Procedure

APP_ID = Field(description="Application id (the Kafka key).",
               examples=["5d1c1e7a-8f0e-4a57-9e55-0c7a9d1b2e33"])


class AttachmentUploaded(Message):
    """A file was streamed into the quarantine bucket and waits for its verdict."""

    application_id: UUID = APP_ID
    attachment_id: UUID = Field(description="Attachment id.")
    kind: AttachmentKind = Field(description="document (PDF) or photo (JPEG).")
    bucket: str = Field(description="Quarantine bucket.", examples=["quarantine"])
    object_key: str = Field(description="Object key in the bucket.",
                            examples=["5d1c.../0b6f....bin"])
    size: int = Field(ge=0, description="Size in bytes.", examples=[183422])
    sha256: str = Field(description="Hex SHA-256 of the content as received.")
    check_date: date = Field(description="Date the photo's age is measured from (Asia/Tokyo).")
    max_photo_age_months: int = Field(default=6, ge=1, le=24,
                                      description="Photo age limit of the organization.")


class AttachmentChecked(Message):
    """documents' verdict on one attachment."""

    application_id: UUID = APP_ID
    attachment_id: UUID
    kind: AttachmentKind
    code: VerdictCode = Field(description="OK or the reason for refusal.", examples=["OK"])
    message_ja: str = Field(description="What to do next, in Japanese.")
    message_en: str = Field(description="What to do next, in English.")
    bucket: str = Field(description="accepted when OK, else quarantine.", examples=["accepted"])
    object_key: str
    sha256: str


class ApplicationFiled(Message):
    """An application was filed at intake (all attachments passed)."""

    application_id: UUID = APP_ID
    procedure: Procedure = Field(examples=["EXT"])
    organization_id: UUID | None = Field(description="Filing organization, if any.")
    bureau: str = Field(description="Bureau prefix that examines it (SPEC §7).", examples=["東"])
    reference_number: str = Field(description="整理番号 given at filing.", examples=["0000012347"])
    filed_at: datetime
    notification_emails: list[str] = Field(
        description="Where numbers and results are emailed (filer and applicant).",
        examples=[["office@example.ac.jp"]])
    applicant_key: str = Field(
        description="Salted hash identifying the person (passport, birth date, name) "
                    "for duplicate holds; not reversible.")
    certificate: CesrParticulars | None = Field(
        default=None, description="COE only: what the electronic CESR shows (see cesr.py).")
    provisional_to: list[str] | None = Field(
        default=None, description="Who gets the provisional receipt number (SPEC §7): the "
        "filer, and for a bulk filing the applicant too. None: every notification address.",
        examples=[["office@example.ac.jp"]])


class ApplicationStatusChanged(Message):
    """Public (`residency.status.v1`): one status change of one application."""

    application_id: UUID = APP_ID
    sequence: int = Field(ge=1, description="1, 2, 3… per application; apply only newer ones.")
    procedure: Procedure = Field(examples=["EXT"])
    organization_id: UUID | None = Field(description="Filing organization, if any.")
    previous_status: ApplicationStatus | None = Field(examples=["pending"])
    status: ApplicationStatus = Field(examples=["filed"])
    reference_number: str | None = Field(default=None, examples=["0000012347"])
    provisional_receipt_number: str | None = Field(default=None, examples=["仮東オンEP26000001"])
    receipt_number: str | None = Field(default=None, examples=["東オンEP26000001"])
    cesr_number: str | None = Field(default=None, description="CESR number, once issued.")
    hold: Literal["duplicate_application"] | None = Field(
        default=None, description="Why the application is held in 処理待ち, if it is: "
        "duplicate_application = the same person has a live application of this procedure "
        "through another organization.")
    receipt_method: Literal["mail", "counter", "email", "post"] | None = Field(
        default=None, description="Set when a receipt-method change (RCV) was applied; "
        "such an event keeps the status (previous_status == status).")
