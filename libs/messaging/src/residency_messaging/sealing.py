"""Secrets inside internal commands travel sealed, bound to the message that carries them.

A command model lists its secret fields in `SEALED` (the reference password, one-time
account links). `outbox.enqueue` seals them before the row is written, so the outbox table,
the Kafka topic, its dead letters and anything that logs a payload hold ciphertext only;
notify opens them just before rendering the email.

Each value is sealed with AES-256-GCM under associated data naming its message: the email
type (`template`), the command's `event_id`, its recipients (`to`, compared case-blind and in
any order) and the field. A sealed value copied into another command — another address,
another event, another email type, another field — no longer opens (`CannotOpen`, with a code
and never the value): notify dead-letters that command and mails nothing.

Keys (`{P}MAIL_SEALING_KEY`: urlsafe base64 of 32 random bytes, `new_key()`) are held by the
service that seals (intake) and the one that opens (notify). Without a key, sealing refuses:
a secret is never written in the clear. A `Sealer` is built at start-up (each service's
`bootstrap`) and travels with the service's database pool (`db.create_pool(sealer=…)`), so
`enqueue` finds it where it writes; nothing is module-global.

Rotation: the setting may list several keys, comma-separated, newest first. The first seals;
any of them opens (each sealed value names its key by a short id). Give notify "new,old"
first, then intake "new,old"; drop "old" once the commands sealed with it are sent.
"""

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Sequence
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
PREFIX = "sealed.v2"
_NONCE = 12


class CannotOpen(Exception):
    """A sealed field that cannot be opened here. `code`: SEALED_KEY_UNKNOWN (sealed with a key
    this service does not hold), SEALED_VALUE_REFUSED (moved from another message, or
    altered), SEALED_VALUE_MALFORMED (not a sealed value). The text names the code, the email
    type and the field — never the value."""

    def __init__(self, code: str, message_type: str, field: str) -> None:
        super().__init__(f"{code}: {message_type}.{field}")
        self.code, self.message_type, self.field = code, message_type, field


class NoSealingKey(RuntimeError):
    """A secret field would be written without a key to seal it."""


def new_key() -> str:
    """A fresh key for `{P}MAIL_SEALING_KEY`."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def sealed_fields(message: BaseModel) -> tuple[str, ...]:
    return tuple(getattr(type(message), "SEALED", ()))


def message_type(message: BaseModel) -> str:
    """The email type on the wire (the `template` discriminator), else the class name."""
    return str(getattr(message, "template", None) or type(message).__name__)


def associated_data(message: BaseModel, field: str) -> bytes:
    """What a sealed value is bound to (authenticated, not encrypted): canonical JSON of the
    message type, event id, recipients (lower-cased, sorted) and field name."""
    recipients = sorted(str(a).strip().lower() for a in getattr(message, "to", None) or ())
    return json.dumps({"type": message_type(message),
                       "event_id": str(getattr(message, "event_id", "")),
                       "to": recipients, "field": field},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"residency-sealing-key-id:" + key).hexdigest()[:8]


def _decode_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.encode())
    except (binascii.Error, ValueError) as exc:
        raise ValueError("a MAIL_SEALING_KEY entry is not urlsafe base64") from exc
    if len(key) != 32:
        raise ValueError("a MAIL_SEALING_KEY entry must be 32 bytes (urlsafe base64)")
    return key


class Sealer:
    """Seals and opens the `SEALED` fields of messages with AES-256-GCM, bound to the message
    (`associated_data`). The first key seals; every key opens."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise ValueError("a Sealer needs at least one key")
        self._sealing_id, self._sealing = _key_id(keys[0]), AESGCM(keys[0])
        self._by_id = {_key_id(k): AESGCM(k) for k in reversed(keys)}  # the newest wins a clash

    @classmethod
    def from_setting(cls, value: str | None) -> "Sealer | None":
        """From `{P}MAIL_SEALING_KEY` (comma-separated, newest first); None without a key."""
        found = [k.strip() for k in (value or "").split(",") if k.strip()]
        return cls([_decode_key(k) for k in found]) if found else None

    def seal(self, message: M) -> M:
        """The message with its `SEALED` fields sealed (unchanged when it has none)."""
        if not (fields := sealed_fields(message)):
            return message
        update: dict[str, Any] = {}
        for f in fields:
            nonce = os.urandom(_NONCE)
            box = self._sealing.encrypt(nonce, str(getattr(message, f)).encode(),
                                        associated_data(message, f))
            update[f] = f"{PREFIX}.{self._sealing_id}.{_b64(nonce + box)}"
        return message.model_copy(update=update)

    def open(self, message: M) -> M:
        """The message with its `SEALED` fields opened, for rendering; `CannotOpen` when one
        was sealed for another message, with an unknown key, or altered."""
        if not (fields := sealed_fields(message)):
            return message
        update = {f: self._open_field(message, f) for f in fields}
        return message.model_copy(update=update)

    def _open_field(self, message: BaseModel, field: str) -> str:
        kind = message_type(message)
        prefix, _, rest = str(getattr(message, field)).rpartition(".")
        version, _, key_id = prefix.rpartition(".")
        if version != PREFIX:
            raise CannotOpen("SEALED_VALUE_MALFORMED", kind, field)
        key = self._by_id.get(key_id)
        if key is None:
            raise CannotOpen("SEALED_KEY_UNKNOWN", kind, field)
        try:
            raw = base64.urlsafe_b64decode(rest.encode() + b"=" * (-len(rest) % 4))
            return key.decrypt(raw[:_NONCE], raw[_NONCE:],
                               associated_data(message, field)).decode()
        except InvalidTag as exc:  # moved to another message, or altered
            raise CannotOpen("SEALED_VALUE_REFUSED", kind, field) from exc
        except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
            raise CannotOpen("SEALED_VALUE_MALFORMED", kind, field) from exc


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def seal_for_writing(sealer: "Sealer | None", message: M) -> M:
    """What `outbox.enqueue` writes: the message sealed; refused (`NoSealingKey`) when it has
    secret fields and the service holds no key."""
    if not sealed_fields(message):
        return message
    if sealer is None:
        raise NoSealingKey("a sealed field needs MAIL_SEALING_KEY; none is configured")
    return sealer.seal(message)


def open_sealed(sealer: "Sealer | None", message: M) -> M:
    """What notify renders: the message opened; `CannotOpen` (SEALED_KEY_UNKNOWN) when it has
    secret fields and the service holds no key."""
    if not (fields := sealed_fields(message)):
        return message
    if sealer is None:
        raise CannotOpen("SEALED_KEY_UNKNOWN", message_type(message), fields[0])
    return sealer.open(message)


def sealer_of(conn: Any) -> "Sealer | None":
    """The sealer of the pool a connection came from (`db.create_pool(sealer=…)`)."""
    return getattr(conn, "sealer", None)
