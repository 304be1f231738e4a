"""Request and response models of the account API."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..domain.content import LatinName, Phone
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


class LoginRequest(BaseModel):
    login_id: str = Field(min_length=1, max_length=64, examples=["U123456789"])
    password: str = Field(min_length=1, max_length=64)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds of idle time before the session ends.")


class SessionExtended(BaseModel):
    expires_at: datetime = Field(description="The session ends then unless used again.")
    expires_in: int


class RegistrationRequest(_In):
    email: Email


class Accepted(BaseModel):
    """The same answer whether or not the address, ID or name is known."""

    message_ja: str
    message_en: str


class LinkInfo(BaseModel):
    email: str = Field(description="The address the link was sent to.")
    expires_at: datetime


class Registration(_In):
    token: str = Field(min_length=1, max_length=100, description="From the emailed link.")
    user_type: UserType
    latin_name: LatinName
    phone: Phone
    password: NewPassword


class Registered(BaseModel):
    login_id: str = Field(description="The issued user ID (also emailed).",
                          examples=["U123456789"])
    user_type: UserType


class UserIdReminderRequest(_In):
    email: Email
    latin_name: LatinName


class PasswordResetRequest(_In):
    login_id: str = Field(min_length=1, max_length=64)
    email: Email


class PasswordReset(_In):
    token: str = Field(min_length=1, max_length=100)
    password: NewPassword


class PasswordChange(_In):
    current_password: str = Field(min_length=1, max_length=64)
    new_password: NewPassword


class PhoneChange(_In):
    phone: Phone


class EmailChangeRequest(_In):
    new_email: Email


class Profile(BaseModel):
    login_id: str
    user_type: str = Field(description="利用者区分 (organization_staff, foreign_national, …; "
                                       "examiner for bureau staff).")
    latin_name: str | None
    phone: str | None
    email: str
    organization_id: UUID | None
    registered_at: datetime | None
