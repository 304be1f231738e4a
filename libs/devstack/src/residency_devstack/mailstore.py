"""Decoded, persisted mail: one JSON object per line in DATA/mail/messages.jsonl."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import json
import threading
import uuid
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from .credentials import open_private, private_dir


def _text(part: EmailMessage | None) -> str:
    if part is None:
        return ""
    try:
        return str(part.get_content())
    except (LookupError, ValueError):  # unknown charset or broken encoding: best effort
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""


def _addresses(msg: EmailMessage, *headers: str) -> list[str]:
    values = [str(v) for h in headers for v in msg.get_all(h, [])]
    return [addr for _, addr in getaddresses(values) if addr]


def parse_message(raw: bytes, mail_from: str, rcpt_tos: list[str]) -> dict[str, Any]:
    """Everything a person or a test wants to see, decoded (RFC 2047, base64, QP, charsets)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    attachments = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        attachments.append(
            {
                "filename": part.get_filename() or "",
                "content_type": part.get_content_type(),
                "size": len(payload) if isinstance(payload, bytes) else 0,
            }
        )
    return {
        "id": uuid.uuid4().hex,
        "from": str(msg.get("From", "")) or mail_from,
        "envelope_from": mail_from,
        "to": list(rcpt_tos),
        "header_to": _addresses(msg, "To"),
        "cc": _addresses(msg, "Cc"),
        "subject": str(msg.get("Subject", "")),
        "text": _text(msg.get_body(preferencelist=("plain",))),  # type: ignore[arg-type]
        "html": _text(msg.get_body(preferencelist=("html",))),  # type: ignore[arg-type]
        "received_at": dt.datetime.now(dt.UTC).isoformat(),
        "message_id": str(msg.get("Message-ID", "")),
        "attachments": attachments,
        "raw": base64.b64encode(raw).decode("ascii"),
    }


def _recipients(record: dict[str, Any]) -> set[str]:
    return {a.lower() for a in record["to"] + record["header_to"] + record["cc"]}


def public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "raw"}


class MailStore:
    """Append-only JSON-lines store, loaded at start so mail survives restarts."""

    def __init__(self, directory: Path) -> None:
        private_dir(directory)  # mail holds passwords and one-time links: owner only
        self.path = directory / "messages.jsonl"
        self._lock = threading.Lock()
        self._records: list[dict[str, Any]] = []
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    self._records.append(json.loads(line))

    def add(self, raw: bytes, mail_from: str, rcpt_tos: list[str]) -> dict[str, Any]:
        record = parse_message(raw, mail_from, rcpt_tos)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            with open_private(self.path, "a") as fh:
                fh.write(line)
            self._records.append(record)
        return record

    def messages(self, to: str | None = None, *, to_prefix: str | None = None,
                 subject: str | None = None) -> list[dict[str, Any]]:
        """Oldest first; `to` matches envelope recipients, To and Cc (case-insensitive),
        `to_prefix` the start of one of them, `subject` a part of the subject."""
        return [public(r) for r in self._matching(to, to_prefix, subject)]

    def count(self, to: str | None = None, *, to_prefix: str | None = None,
              subject: str | None = None) -> dict[str, int]:
        """How many messages match, and how many distinct recipients they reached (those
        matching `to_prefix`, when given) — cheap enough to poll."""
        found = self._matching(to, to_prefix, subject)
        start = (to_prefix or "").strip().lower()
        reached = {a.lower() for r in found for a in r["to"] if a.lower().startswith(start)}
        return {"messages": len(found), "recipients": len(reached)}

    def _matching(self, to: str | None, to_prefix: str | None,
                  subject: str | None) -> list[dict[str, Any]]:
        with self._lock:
            records = list(self._records)
        if to:
            wanted = to.strip().lower()
            records = [r for r in records if wanted in _recipients(r)]
        if to_prefix:
            start = to_prefix.strip().lower()
            records = [r for r in records if any(a.startswith(start) for a in _recipients(r))]
        if subject:
            records = [r for r in records if subject in r["subject"]]
        return records

    def get(self, message_id: str) -> dict[str, Any] | None:
        with self._lock:
            return next((r for r in self._records if r["id"] == message_id), None)

    def clear(self) -> None:
        with self._lock:
            with open_private(self.path, "w"):
                pass
            self._records.clear()
