"""SMTP adapter behind a small interface; one connection reused across sends."""

import asyncio
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib


class PermanentFailure(Exception):
    """The server refused for good (5xx): retrying cannot help."""


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...
    async def close(self) -> None: ...


class SmtpMailer:
    def __init__(self, host: str, port: int, *, username: str | None = None,
                 password: str | None = None, starttls: bool = False, timeout: float = 10) -> None:
        self._kw = dict(hostname=host, port=port, username=username, password=password,
                        start_tls=starttls, timeout=timeout)
        self._smtp: aiosmtplib.SMTP | None = None
        self._lock = asyncio.Lock()

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._smtp is None or not self._smtp.is_connected:
            self._smtp = aiosmtplib.SMTP(**self._kw)  # type: ignore[arg-type]
            await self._smtp.connect()
        return self._smtp

    async def send(self, message: EmailMessage) -> None:
        async with self._lock:
            try:
                smtp = await self._connected()
                await smtp.send_message(message)
            except aiosmtplib.SMTPRecipientsRefused as exc:
                if all(500 <= e.code < 600 for e in exc.recipients):
                    raise PermanentFailure(str(exc)) from exc
                raise
            except aiosmtplib.SMTPResponseException as exc:
                if 500 <= exc.code < 600:
                    raise PermanentFailure(f"{exc.code} {exc.message}") from exc
                await self.close()
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
