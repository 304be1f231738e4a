"""Commands: imperative requests. notify renders `SendEmail` with its templates."""

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from .common import Message, Procedure


class _Email(Message):
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

    template: Literal["reference_password"] = "reference_password"
    reference_password: str = Field(description="One-time secret; internal topic only.")


class SendProvisionalReceiptNumber(_Email):
    """受付仮番号 email."""

    template: Literal["provisional_receipt_number"] = "provisional_receipt_number"
    reference_number: str
    provisional_receipt_number: str = Field(examples=["仮東オンEP26000001"])
    procedure: Procedure


SendEmail = Annotated[
    SendReferenceNumber | SendReferencePassword | SendProvisionalReceiptNumber,
    Field(discriminator="template"),
]
