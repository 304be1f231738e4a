"""The electronic CESR (在留資格認定証明書): what intake hands examination at filing, the two
emails, and the internal `CesrIssued` fact intake mirrors for verification.

`SendCesr` carries the PDF by reference (`attachments`: bucket + key + sha256 in object
storage); notify downloads, checks the digest and attaches it.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from .common import Message


class CesrParticulars(BaseModel):
    """COE only, inside `ApplicationFiled.certificate`: what the certificate shows.
    Internal topic (intake → examination); never published anywhere else."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    receipt_method: Literal["email", "post"] = Field(description="email: electronic CESR.")
    latin_name: str = Field(examples=["SAMPLE,TARO"])
    nationality: str = Field(examples=["VNM"])
    date_of_birth: date
    sex: Literal["M", "F"] | None = None
    status_of_residence: str = Field(examples=["student"])
    period_of_stay: str | None = Field(None, examples=["2 years"])
    organization_name: str | None = Field(None, examples=["Sample University"])


class EmailAttachment(BaseModel):
    """A file in object storage that notify attaches to the email."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    bucket: str = Field(examples=["cesr"])
    key: str = Field(examples=["2026/東オンCESR26000001.pdf"])
    filename: str = Field(examples=["CESR-26000001.pdf"])
    content_type: str = Field("application/pdf")
    sha256: str = Field(description="Hex SHA-256; notify refuses a different file.")


class _CesrEmail(Message):
    to: list[str] = Field(min_length=1, description="Recipients (never logged).")
    application_id: UUID | None = Field(default=None, description="Related application.")
    cesr_number: str = Field(examples=["東オンCESR26000001"])
    issued_on: date
    valid_until: date
    receipt_url: str = Field(description="Where the organization registers receipt (受領登録).")


class SendCesr(_CesrEmail):
    """The electronic CESR: the certificate's text in the body, the signed PDF attached."""

    template: Literal["cesr_issued"] = "cesr_issued"
    reference_number: str
    latin_name: str
    nationality: str
    date_of_birth: date
    sex: Literal["M", "F"] | None = None
    status_of_residence_ja: str
    status_of_residence_en: str
    period_of_stay: str | None = None
    organization_name: str | None = None
    issued_by: str = Field(examples=["東京出入国在留管理局 / Tokyo Regional Immigration Services Bureau"])
    attachments: list[EmailAttachment] = Field(default_factory=list)


class SendCesrReceiptReminder(_CesrEmail):
    """Receipt not registered: 7 days after issue, then every 7 days until it expires."""

    template: Literal["cesr_receipt_reminder"] = "cesr_receipt_reminder"
    reminder: int = Field(ge=1, description="1 for the first reminder (day 7), 2 (day 14)…")


class CesrIssued(Message):
    """Internal (examination → intake): an electronic CESR exists; no personal data."""

    application_id: UUID
    cesr_number: str = Field(examples=["東オンCESR26000001"])
    sha256: str = Field(description="Hex SHA-256 of the signed PDF as issued.")
    issued_at: datetime
    valid_until: date
