"""Pure account rules (SPEC §2): the password rule, user types, user IDs, link lifetimes."""

import hashlib
import secrets
import string
from datetime import timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator

from ..wording import invalid, wording

PASSWORD_SYMBOLS = "$%&=@_#*+-?!"
PASSWORD_MIN, PASSWORD_MAX = 10, 20
LINK_VALID_FOR = timedelta(hours=24)


class UserType(StrEnum):
    """利用者区分; the role of a self-registered user."""

    ORGANIZATION_STAFF = "organization_staff"
    FOREIGN_NATIONAL = "foreign_national"
    LEGAL_REPRESENTATIVE = "legal_representative"
    RELATIVE = "relative"
    LAWYER_OR_SCRIVENER = "lawyer_or_scrivener"


class LinkPurpose(StrEnum):
    REGISTRATION = "registration"
    PASSWORD_RESET = "password_reset"
    EMAIL_CHANGE = "email_change"


def password_problem(password: str) -> str | None:
    """The first rule `password` breaks (a code), or None when it is acceptable."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return "PASSWORD_LENGTH"
    allowed = set(string.ascii_letters + string.digits + PASSWORD_SYMBOLS)
    if any(c not in allowed for c in password):
        return "PASSWORD_FORBIDDEN_CHARACTER"
    classes = (string.ascii_uppercase, string.ascii_lowercase, string.digits, PASSWORD_SYMBOLS)
    if not all(any(c in cls for c in password) for cls in classes):
        return "PASSWORD_CHARACTER_CLASSES"
    return None


def password_rule_message(code: str) -> str:
    """The English wording of a password-rule code (for operator commands)."""
    return wording(code, min=PASSWORD_MIN, max=PASSWORD_MAX, symbols=PASSWORD_SYMBOLS).en


def _check_password(password: str) -> str:
    if code := password_problem(password):
        raise invalid(code, min=PASSWORD_MIN, max=PASSWORD_MAX, symbols=PASSWORD_SYMBOLS)
    return password


NewPassword = Annotated[str, AfterValidator(_check_password)]
"""A password that follows the rule (validated field by field like any other input)."""


def new_user_id() -> str:
    """A user ID: `U` and 9 random digits (uniqueness is enforced by the database)."""
    return "U" + "".join(secrets.choice(string.digits) for _ in range(9))


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What is stored of a session token or emailed link: its SHA-256 (tokens are random)."""
    return hashlib.sha256(token.encode()).hexdigest()
