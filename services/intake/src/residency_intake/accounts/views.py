"""Request and response models of the account API."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..domain.content import LatinName, Phone
from ..openapi_docs import CREATED, ORG_ID, TOKEN, examples
from .rules import NewPassword, UserType

_ATOM = r"[A-Za-z0-9_%+-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$"
Email = Annotated[str, Field(max_length=60, pattern=EMAIL_PATTERN,
                             description="An ASCII address (≤60 characters) that can be mailed.",
                             examples=["applicant@example.com"])]
"""Stricter than an application's notification email: nothing an SMTP server could refuse."""


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _ex(**example: object) -> ConfigDict:
    return ConfigDict(json_schema_extra=examples(example))


PASSWORD = "Sample#Pass2026"


class LoginRequest(BaseModel):
    model_config = _ex(login_id="U123456789", password=PASSWORD)
    login_id: str = Field(min_length=1, max_length=64, examples=["U123456789"])
    password: str = Field(min_length=1, max_length=64)


class Token(BaseModel):
    model_config = _ex(access_token=TOKEN, token_type="bearer", expires_in=10800)
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds of idle time before the session ends.")


class SessionExtended(BaseModel):
    model_config = _ex(expires_at="2026-04-01T12:00:00+09:00", expires_in=10800)
    expires_at: datetime = Field(description="The session ends then unless used again.")
    expires_in: int


class RegistrationRequest(_In):
    model_config = _ex(email="applicant@example.com")
    email: Email


class Accepted(BaseModel):
    """The same answer whether or not the address, ID or name is known."""

    model_config = _ex(message_ja="入力されたメールアドレスに案内を送信しました。",
                       message_en="If the details match, we have sent an email.")

    message_ja: str
    message_en: str


class LinkInfo(BaseModel):
    model_config = _ex(email="applicant@example.com", expires_at="2026-04-02T09:00:00+09:00")
    email: str = Field(description="The address the link was sent to.")
    expires_at: datetime


class Registration(_In):
    model_config = _ex(token=TOKEN, user_type="foreign_national", latin_name="SAMPLE,TARO",
                       phone="0300000000", password=PASSWORD)
    token: str = Field(min_length=1, max_length=100, description="From the emailed link.")
    user_type: UserType
    latin_name: LatinName
    phone: Phone
    password: NewPassword


class Registered(BaseModel):
    model_config = _ex(login_id="U123456789", user_type="foreign_national")
    login_id: str = Field(description="The issued user ID (also emailed).",
                          examples=["U123456789"])
    user_type: UserType


class UserIdReminderRequest(_In):
    model_config = _ex(email="applicant@example.com", latin_name="SAMPLE,TARO")
    email: Email
    latin_name: LatinName


class PasswordResetRequest(_In):
    model_config = _ex(login_id="U123456789", email="applicant@example.com")
    login_id: str = Field(min_length=1, max_length=64)
    email: Email


class PasswordReset(_In):
    model_config = _ex(token=TOKEN, password=PASSWORD)
    token: str = Field(min_length=1, max_length=100)
    password: NewPassword


class PasswordChange(_In):
    model_config = _ex(current_password=PASSWORD, new_password="Sample#Pass2027")
    current_password: str = Field(min_length=1, max_length=64)
    new_password: NewPassword


class PhoneChange(_In):
    model_config = _ex(phone="0312345678")
    phone: Phone


class EmailChangeRequest(_In):
    model_config = _ex(current_password=PASSWORD, new_email="new-address@example.com")
    current_password: str = Field(min_length=1, max_length=64)
    new_email: Email


class Profile(BaseModel):
    model_config = _ex(login_id="U123456789", user_type="organization_staff",
                       latin_name="SAMPLE,TARO", phone="0300000000",
                       email="staff@example.com", organization_id=ORG_ID,
                       registered_at=CREATED)
    login_id: str
    user_type: str = Field(description="利用者区分 (organization_staff, foreign_national, …; "
                                       "examiner for bureau staff).")
    latin_name: str | None
    phone: str | None
    email: str
    organization_id: UUID | None
    registered_at: datetime | None
