"""Files attached to an email: a command may list `attachments` (bucket, key, sha256) in
object storage; notify checks each against its email type's rule (`attachment_rules`),
downloads it with its own S3 identity (which may read the CESR bucket only), checks its
SHA-256 and size, and attaches it.

A file the email type may not attach, a digest that differs or a file over the limit is
refused for good (dead-lettered with a code, nothing mailed); a missing object or an
unreachable store raises (retried, then dead-lettered).
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from email.encoders import encode_base64
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from typing import Any

from residency_messaging.deadletter import PoisonMessage
from residency_messaging.objectstore import Store

from .attachment_rules import Rule, refusal


@dataclass(frozen=True)
class Attachments:
    """What notify may attach and where it reads it (built by `bootstrap`)."""

    store: Store
    rules: Mapping[str, Rule]
    max_bytes: int = 10 * 1024 * 1024

    async def attach(self, message: Message, command: Any) -> None:
        """Add each of the command's attachments (if any) to `message` (a
        multipart/alternative from `handlers.build_message`, which then becomes
        multipart/mixed: the body, then the files)."""
        await attach_files(message, command, self)


def check(command: Any, attachments: "Attachments | None") -> None:
    """PoisonMessage when the command names files its email type may not attach."""
    if not getattr(command, "attachments", None):
        return
    reason = refusal(command, attachments.rules if attachments else {})
    if reason is not None:
        raise PoisonMessage(reason)


async def attach_files(message: Message, command: Any, attachments: "Attachments | None") -> None:
    check(command, attachments)
    if attachments is None or not (items := getattr(command, "attachments", None)):
        return
    files = []
    template = getattr(command, "template", "")
    for i, item in enumerate(items):
        try:
            data = await attachments.store.read(item.bucket, item.key, attachments.max_bytes)
        except ValueError as exc:
            raise PoisonMessage(f"ATTACHMENT_TOO_LARGE: {template} attachments[{i}]") from exc
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise PoisonMessage(f"ATTACHMENT_DIGEST_MISMATCH: {template} attachments[{i}]")
        maintype, _, subtype = item.content_type.partition("/")
        part = MIMEBase(maintype or "application", subtype or "octet-stream")
        part.set_payload(data)
        encode_base64(part)
        part.add_header("Content-Disposition", "attachment",
                        filename=("utf-8", "", item.filename))
        files.append(part)
    if files:
        parts = message.get_payload()
        assert isinstance(parts, list)  # the text and HTML alternatives
        body = MIMEMultipart("alternative", _subparts=parts)
        message.set_payload([body, *files])
        message.set_type("multipart/mixed")
