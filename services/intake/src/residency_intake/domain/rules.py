"""Filing rules on attachments and the applicant; the Problem every rule returns. Pure. (The
last day of stay: period_of_stay.py; numbers: numbers.py; one live application:
one_live_application.py.)"""

import hashlib
import secrets
from dataclasses import dataclass
from typing import Protocol

from residency_contracts import AttachmentKind, VerdictCode

from ..wording import wording
from .content import Identity

PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


class WithIdentity(Protocol):
    @property
    def identity(self) -> Identity: ...


@dataclass(frozen=True)
class Problem:
    field: str | None
    code: str
    ja: str
    en: str

    @classmethod
    def of(cls, field: str | None, code: str, **params: object) -> "Problem":
        """A problem by code, worded by the catalogues (`residency_intake.wording`)."""
        ja, en = wording(code, **params)
        return cls(field, code, ja, en)


@dataclass(frozen=True)
class AttachmentState:
    kind: AttachmentKind
    code: VerdictCode | None  # None while documents has not answered
    message_ja: str | None = None
    message_en: str | None = None


def attachment_problems(attachments: list[AttachmentState], photo_required: bool = True
                        ) -> tuple[list[Problem], bool]:
    """(problems, pending): pending is True while some verdict has not arrived yet."""
    problems = [
        Problem(f"attachments[{i}]", a.code.value, a.message_ja or "", a.message_en or "")
        for i, a in enumerate(attachments) if a.code not in (None, VerdictCode.OK)
    ]
    if photo_required and not any(a.kind is AttachmentKind.PHOTO for a in attachments):
        problems.append(Problem.of("attachments", "PHOTO_REQUIRED"))
    pending = any(a.code is None for a in attachments)
    return problems, pending


def reference_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))


def applicant_key(content: WithIdentity, secret: str) -> str:
    i = content.identity
    raw = f"{i.passport_number}|{i.date_of_birth.isoformat()}|{i.latin_name}"
    return hashlib.blake2b(raw.encode(), key=secret.encode()[:64], digest_size=16).hexdigest()
