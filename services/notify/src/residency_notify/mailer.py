"""SMTP adapter behind a small interface; a few connections, each reused across sends."""

import asyncio
import time
from email.message import Message
from email.utils import getaddresses
from typing import Any, Protocol

import aiosmtplib

from .metrics import SEND_SECONDS


class PermanentFailure(Exception):
    """The server refused for good (5xx): retrying cannot help."""


class TemporaryRefusal(Exception):
    """A 4xx answer for the recipients (at RCPT or DATA): worth retrying, a bounded number
    of times (unlike a server that is down, which is retried without limit)."""


class Mailer(Protocol):
    async def send(self, message: Message) -> None: ...
    async def close(self) -> None: ...


def _check_recipients(message: Message) -> None:
    """ValueError for a recipient that is not a plain ASCII `local@domain` address."""
    for _name, address in getaddresses(message.get_all("To", [])):
        local, at, domain = address.rpartition("@")
        if not (local and at and domain) or not address.isascii() or any(
                c in address for c in "<>()[],;: \\\""):
            raise ValueError("a recipient address the client cannot send to")


class _Connection:
    """One SMTP session, opened on first use and again after any error."""

    def __init__(self, kw: dict[str, Any]) -> None:
        self._kw = kw
        self._smtp: aiosmtplib.SMTP | None = None

    async def send(self, message: Message) -> None:
        try:
            _check_recipients(message)
            if self._smtp is None or not self._smtp.is_connected:
                self._smtp = aiosmtplib.SMTP(**self._kw)
                await self._smtp.connect()
            await self._smtp.send_message(message)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = "; ".join(f"{e.code} {e.message}" for e in exc.recipients)
            if all(500 <= e.code < 600 for e in exc.recipients):
                raise PermanentFailure(f"recipients refused: {codes}") from exc
            raise TemporaryRefusal(f"recipients refused: {codes}") from exc
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600:
                raise PermanentFailure(f"{exc.code} {exc.message}") from exc
            await self.close()
            if isinstance(exc, aiosmtplib.SMTPDataError | aiosmtplib.SMTPRecipientRefused):
                raise TemporaryRefusal(f"{exc.code} {exc.message}") from exc
            raise
        except (aiosmtplib.SMTPException, OSError):
            await self.close()
            raise
        except (ValueError, UnicodeError) as exc:  # an address the client cannot send to
            raise PermanentFailure(f"{type(exc).__name__}: {exc}") from exc

    async def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            try:
                await smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                smtp.close()


class SmtpMailer:
    """Up to `connections` concurrent sends, each on its own reused connection."""

    def __init__(self, host: str, port: int, *, username: str | None = None,
                 password: str | None = None, starttls: bool = False, timeout: float = 10,
                 connections: int = 1) -> None:
        kw = dict(hostname=host, port=port, username=username, password=password,
                  start_tls=starttls, timeout=timeout)
        self._all = [_Connection(kw) for _ in range(max(1, connections))]
        self._idle: asyncio.Queue[_Connection] = asyncio.Queue()
        for conn in self._all:
            self._idle.put_nowait(conn)

    async def send(self, message: Message) -> None:
        conn = await self._idle.get()
        t0, outcome = time.perf_counter(), "error"
        try:
            await conn.send(message)
            outcome = "sent"
        except PermanentFailure:
            outcome = "refused_permanent"
            raise
        except TemporaryRefusal:
            outcome = "refused_temporary"
            raise
        finally:
            SEND_SECONDS.labels(outcome).observe(time.perf_counter() - t0)
            self._idle.put_nowait(conn)

    async def close(self) -> None:
        for conn in self._all:
            await conn.close()
