"""Commands: imperative requests. notify renders `SendEmail` with its templates
(services/notify/src/residency_notify/templates/<template>.{subject,txt,html})."""

from datetime import datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID

from pydantic import Field

from .cesr import SendCesr, SendCesrReceiptReminder
from .common import Message, Procedure

SEALED_NOTE = ("Sealed (AES-256-GCM, the MAIL_SEALING_KEY of intake and notify, bound to "
               "this command's type, event_id and recipients) on the topic; notify opens it "
               "to render the email.")


class _Email(Message):
    SEALED: ClassVar[tuple[str, ...]] = ()  # secret fields, sealed in the outbox
    to: list[str] = Field(min_length=1, description="Recipients (never logged).",
                          examples=[["office@example.ac.jp"]])
    application_id: UUID | None = Field(default=None, description="Related application.")


class SendReferenceNumber(_Email):
    """整理番号 email, sent at filing."""

    template: Literal["reference_number"] = "reference_number"
    reference_number: str = Field(examples=["0000012347"])
    procedure: Procedure


class SendReferencePassword(_Email):
    """整理番号のパスワード email: a separate email from the number."""

    SEALED = ("reference_password",)
    template: Literal["reference_password"] = "reference_password"
    reference_password: str = Field(description="The reference number's password. " + SEALED_NOTE)


class SendProvisionalReceiptNumber(_Email):
    """受付仮番号 email."""

    template: Literal["provisional_receipt_number"] = "provisional_receipt_number"
    reference_number: str
    provisional_receipt_number: str = Field(examples=["仮東オンEP26000001"])
    procedure: Procedure


class SendBulkFilingAccepted(_Email):
    """一括申請受付: the bulk number and count, to the filer, once per bulk filing (each
    applicant's numbers follow in their own emails)."""

    template: Literal["bulk_filing_accepted"] = "bulk_filing_accepted"
    bulk_number: str = Field(description="一括申請番号.", examples=["一括東26000001"])
    count: int = Field(ge=1, description="一括申請件数: applicants filed.", examples=[300])
    procedure: Procedure


class SendRegistrationLink(_Email):
    """Registration: the link to fill in the profile, valid 24 h."""

    SEALED = ("link",)
    template: Literal["registration_link"] = "registration_link"
    link: str = Field(description="One-time link. " + SEALED_NOTE)
    expires_at: datetime


class SendUserIdIssued(_Email):
    """Registration finished: the user ID."""

    template: Literal["user_id_issued"] = "user_id_issued"
    login_id: str


class SendUserIdReminder(_Email):
    """Forgotten user ID, after email + Latin name matched."""

    template: Literal["user_id_reminder"] = "user_id_reminder"
    login_id: str


class SendPasswordResetLink(_Email):
    """Password reset link (also unlocks a locked account)."""

    SEALED = ("link",)
    template: Literal["password_reset_link"] = "password_reset_link"
    link: str = Field(description="One-time link. " + SEALED_NOTE)
    expires_at: datetime


class SendEmailChangeLink(_Email):
    """Confirm a new email address: sent to the new address."""

    SEALED = ("link",)
    template: Literal["email_change_link"] = "email_change_link"
    link: str = Field(description="One-time link. " + SEALED_NOTE)
    expires_at: datetime


class SendProfileChanged(_Email):
    """An email address, password or phone number was changed."""

    template: Literal["profile_changed"] = "profile_changed"
    change: Literal["email", "password", "phone"]


class SendReceiptNumber(_Email):
    """申請受付番号 email: the day after filing (daily batch), to filer and applicant."""

    template: Literal["receipt_number"] = "receipt_number"
    reference_number: str
    receipt_number: str = Field(examples=["東オンEP26000001"])
    procedure: Procedure


class SendPeriodicReportReceiptNumber(_Email):
    """定期報告受付番号 email, when a periodic report is received."""

    template: Literal["periodic_report_receipt_number"] = "periodic_report_receipt_number"
    reference_number: str
    receipt_number: str = Field(examples=["大オンPR26000001"])


class SendCorrectionRequest(_Email):
    """返却: corrections or additional documents requested (reminder > 0: the n-th reminder)."""

    template: Literal["correction_request"] = "correction_request"
    reference_number: str
    procedure: Procedure
    items: list[str] = Field(min_length=1)
    requested_at: datetime
    reminder: int = Field(0, ge=0, description="0 for the request, n for the n-th reminder.")


class SendExaminationResult(_Email):
    """審査完了: permitted or denied."""

    template: Literal["examination_result"] = "examination_result"
    reference_number: str
    procedure: Procedure
    permitted: bool = Field(description="True: permitted; False: denied (not permitted).")
    granted_period: str | None = None
    reason: str | None = None


class SendReceiptMethodChange(_Email):
    """受領方法変更: applied, or refused because the status no longer allows it."""

    template: Literal["receipt_method_change"] = "receipt_method_change"
    reference_number: str
    procedure: Procedure
    applied: bool = Field(description="True: changed; False: refused (too late).")
    receipt_method: Literal["mail", "counter", "email", "post"]
    status_ja: str = Field(description="Status label when the request was handled.")


class SendUsageRequestResult(_Email):
    """利用申出: approved, or returned with what is needed."""

    template: Literal["usage_request_result"] = "usage_request_result"
    reference_number: str
    approved: bool = Field(description="True: approved; False: returned with `items`.")
    items: list[str] = Field(default_factory=list)


SendEmail = Annotated[
    SendReferenceNumber | SendReferencePassword | SendProvisionalReceiptNumber
    | SendBulkFilingAccepted | SendRegistrationLink | SendUserIdIssued | SendUserIdReminder | SendPasswordResetLink
    | SendEmailChangeLink | SendProfileChanged | SendReceiptNumber
    | SendPeriodicReportReceiptNumber | SendCorrectionRequest | SendExaminationResult
    | SendReceiptMethodChange | SendUsageRequestResult | SendCesr | SendCesrReceiptReminder,
    Field(discriminator="template"),
]
