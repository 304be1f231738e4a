"""Secrets inside internal commands travel sealed.

A command model lists its secret fields in `SEALED` (the reference password, one-time
account links). `outbox.enqueue` seals them with Fernet (AES-128-CBC + HMAC-SHA256) before
the row is written, so the outbox table, the Kafka topic, its dead letters and anything that
logs a payload hold ciphertext only; notify opens them just before rendering the email. The
key (`{P}MAIL_SEALING_KEY`) is held by the services that seal (intake) and open (notify).
Without a key, sealing refuses: a secret is never written in the clear.

Rotation: the setting may list several keys, comma-separated, newest first. The first seals;
any of them opens. Give notify "new,old" first, then intake "new,old"; drop "old" once the
commands sealed with it are sent.
"""

from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_fernet: MultiFernet | None = None


class CannotOpen(Exception):
    """A sealed field that this key did not seal (or that was altered)."""


def configure(keys: str | None) -> None:
    """Install the process's keys (urlsafe base64 of 32 bytes each, comma-separated, the
    sealing one first); None removes them."""
    global _fernet
    found = [k.strip() for k in (keys or "").split(",") if k.strip()]
    _fernet = MultiFernet([Fernet(k.encode()) for k in found]) if found else None


def new_key() -> str:
    return Fernet.generate_key().decode()


def sealed_fields(message: BaseModel) -> tuple[str, ...]:
    return tuple(getattr(type(message), "SEALED", ()))


def _key() -> MultiFernet:
    if _fernet is None:
        raise RuntimeError("a sealed field needs MAIL_SEALING_KEY; none is configured")
    return _fernet


def seal(message: M) -> M:
    """The message with its `SEALED` fields encrypted (unchanged when it has none)."""
    if not (fields := sealed_fields(message)):
        return message
    key = _key()
    update: dict[str, Any] = {f: key.encrypt(str(getattr(message, f)).encode()).decode()
                              for f in fields}
    return message.model_copy(update=update)


def open_sealed(message: M) -> M:
    """The message with its `SEALED` fields decrypted, for rendering."""
    if not (fields := sealed_fields(message)):
        return message
    key = _key()
    try:
        update = {f: key.decrypt(str(getattr(message, f)).encode()).decode() for f in fields}
    except InvalidToken as exc:
        raise CannotOpen(f"{type(message).__name__}: sealed with another key") from exc
    return message.model_copy(update=update)
