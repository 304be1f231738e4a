"""Send one email exactly once per command, through a send ledger keyed by event_id.

Claim the ledger row as `sending`, send with a Message-ID derived from the event id, then
mark it `sent`. A redelivered command whose row is `sent` or `failed` does nothing. The only
window for a duplicate is a crash between the SMTP 250 and the commit (SMTP offers no way to
ask a server whether it has a message): such a row is found still `sending` on redelivery, is
sent again with the same Message-ID (mail clients fold the two into one) and counted in
`resent_after_crash`. States: pending (waiting for a retry) → sending → sent | failed.
A server that is down is retried without limit; a recipient that keeps answering 4xx only
`max_temporary_attempts` times, then the send is `failed` so the mail behind it goes out.
"""

import asyncio
import hashlib
import logging
import re
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr

import asyncpg
from residency_contracts import SendEmail
from residency_messaging.deadletter import PoisonMessage
from residency_messaging.sealing import CannotOpen, Sealer, open_sealed

from .attachments import Attachments, attach_files
from .mailer import Mailer, PermanentFailure, TemporaryRefusal
from .render import render

log = logging.getLogger(__name__)


def recipient_hash(address: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{address.strip().lower()}".encode()).hexdigest()[:16]


def build_message(command: SendEmail, sender: str) -> Message:
    """multipart/alternative (plain text, then HTML), UTF-8, built with the email package's
    compat32 classes: the same message on the wire for a few times less CPU than
    `EmailMessage` (whose header registry parses every header; ~4 ms a message here)."""
    rendered = render(command)
    msg = MIMEMultipart("alternative")
    msg["From"] = _address(sender)
    msg["To"] = ", ".join(command.to)
    msg["Subject"] = Header(rendered.subject, "utf-8")  # type: ignore[assignment]
    msg["Message-ID"] = f"<{command.event_id}@residency-online>"
    msg["X-Residency-Event-Id"] = str(command.event_id)
    msg.attach(MIMEText(rendered.text, "plain", "utf-8"))
    msg.attach(MIMEText(rendered.html, "html", "utf-8"))
    return msg


def _address(value: str) -> str:
    """`Name <address>` with a non-ASCII name encoded (RFC 2047)."""
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8") if name and address else value


async def send_email(pool: asyncpg.Pool, mailer: Mailer, command: SendEmail, *,
                     sender: str, salt: str, sealer: Sealer | None = None,
                     attachments: Attachments | None = None, max_backoff_s: float = 30.0,
                     max_temporary_attempts: int = 8) -> None:
    try:
        message = build_message(open_sealed(sealer, command), sender)
    except CannotOpen as exc:  # moved from another command, or another key: mail nothing
        raise PoisonMessage(str(exc)) from exc
    except (ValueError, UnicodeError) as exc:
        raise PoisonMessage(f"cannot build the message: {type(exc).__name__}") from exc
    # before the claim: a refused file mails nothing, a failed download is retried
    await attach_files(message, command, attachments)
    claim = await pool.fetchrow(CLAIM, command.event_id, command.template,
                                [recipient_hash(a, salt) for a in command.to],
                                message["Message-ID"])
    if claim is None:  # already sent or failed
        return
    if claim["in_doubt"]:
        log.warning("resending after a crash mid-send (same Message-ID)",
                    extra={"event_id": str(command.event_id)})
    delay, refusals = 0.5, 0
    while True:
        try:
            await mailer.send(message)
            break
        except (PermanentFailure, TemporaryRefusal) as exc:
            refusals += isinstance(exc, TemporaryRefusal)
            if isinstance(exc, PermanentFailure) or refusals >= max_temporary_attempts:
                reason = str(exc) if isinstance(exc, PermanentFailure) else (
                    f"gave up after {refusals} temporary refusals: {exc}")
                await _record(pool, command, "failed", reason)
                log.error("mail refused", extra={"event_id": str(command.event_id),
                                                 "template": command.template})
                return
            await _retry_later(pool, command, exc, delay)
            delay = min(delay * 2, max_backoff_s)
        except Exception as exc:  # server down: keep trying without limit, visibly
            await _retry_later(pool, command, exc, delay)
            delay = min(delay * 2, max_backoff_s)
    await _record(pool, command, "sent", None)
    log.info("mail sent", extra={"event_id": str(command.event_id), "template": command.template})


async def _retry_later(pool: asyncpg.Pool, command: SendEmail, exc: Exception,
                       delay: float) -> None:
    await _record(pool, command, "pending", f"{type(exc).__name__}: {exc}")
    log.warning("mail not accepted, retrying",
                extra={"event_id": str(command.event_id), "delay_s": delay})
    await asyncio.sleep(delay)
    await pool.execute("UPDATE sent_mail SET status = 'sending' WHERE event_id = $1",
                       command.event_id)


# One round trip: insert as `sending`, or move a `pending` row to `sending`; a row already
# `sending` was interrupted by a crash (in doubt). Nothing is returned for `sent`/`failed`.
CLAIM = """
WITH old AS (SELECT status FROM sent_mail WHERE event_id = $1 FOR UPDATE),
up AS (
    INSERT INTO sent_mail (event_id, template, recipient_hashes, message_id, status)
    VALUES ($1, $2, $3, $4, 'sending')
    ON CONFLICT (event_id) DO UPDATE SET status = 'sending',
        resent_after_crash = sent_mail.resent_after_crash
            + CASE WHEN sent_mail.status = 'sending' THEN 1 ELSE 0 END
    WHERE sent_mail.status IN ('pending', 'sending')
    RETURNING event_id)
SELECT coalesce((SELECT status FROM old) = 'sending', false) AS in_doubt FROM up"""


def _redacted(error: str | None, addresses: list[str]) -> str | None:
    """Errors go to the ledger and the operators' report: never with an address in them."""
    if error is None:
        return None
    for address in addresses:
        error = re.sub(re.escape(address.strip()), "<recipient>", error, flags=re.IGNORECASE)
    return error[:500]


async def _record(pool: asyncpg.Pool, command: SendEmail, status: str, error: str | None) -> None:
    error = _redacted(error, command.to)
    await pool.execute(
        """UPDATE sent_mail SET status = $2, attempts = attempts + 1, last_error = $3,
               sent_at = CASE WHEN $2 = 'sent' THEN now() END
           WHERE event_id = $1""",
        command.event_id, status, error)
