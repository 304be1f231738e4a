"""Response models of the HTTP API."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field
from residency_contracts import ApplicationStatus, AttachmentKind, Procedure, VerdictCode

from .domain.content import ExtensionContent


class LoginRequest(BaseModel):
    login_id: str = Field(min_length=1, max_length=64, examples=["staff001"])
    password: str = Field(min_length=1, max_length=64)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds of idle time before the session ends.")


class NewApplication(BaseModel):
    procedure: Procedure = Field(examples=["EXT"], description="Only EXT in this version.")
    content: ExtensionContent


class AttachmentView(BaseModel):
    id: UUID
    kind: AttachmentKind
    size: int
    sha256: str
    code: VerdictCode | None = Field(description="null while the check is running.")
    message_ja: str | None
    message_en: str | None
    uploaded_at: datetime


class ApplicationView(BaseModel):
    id: UUID
    procedure: Procedure
    state: str = Field(description="draft until filed, then submitted.", examples=["draft"])
    status: ApplicationStatus | None
    status_ja: str | None
    reference_number: str | None
    provisional_receipt_number: str | None
    receipt_number: str | None
    filed_at: datetime | None
    created_at: datetime
    content: ExtensionContent
    attachments: list[AttachmentView]


class Filed(BaseModel):
    application_id: UUID
    reference_number: str = Field(examples=["0000000018"])
    reference_password: str = Field(description="Shown once; also emailed separately.")
    status: ApplicationStatus
