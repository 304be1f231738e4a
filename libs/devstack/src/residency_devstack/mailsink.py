"""SMTP sink + HTTP inbox on one event loop. CLI: `residency-mailsink`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

from .mailfaults import Faults, fault_routes
from .mailstore import MailStore
from .mailweb import build_app
from .ports import HOST, StackPorts


class _Handler:
    def __init__(self, store: MailStore, faults: Faults) -> None:
        self.store, self.faults = store, faults

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if refusal := self.faults.answer("rcpt", [address]):
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if refusal := self.faults.answer("data", list(envelope.rcpt_tos)):
            return refusal
        raw = envelope.original_content or b""
        mail_from = str(envelope.mail_from or "")
        await asyncio.to_thread(self.store.add, raw, mail_from, list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def _accept_any_login(*_args: Any) -> AuthResult:
    return AuthResult(success=True)  # a sink: any AUTH is fine, none is required


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # leave signal handling to our owner
        yield


class MailSink:
    """Usable in-process: `await sink.start()` ... `await sink.stop()` (or `async with`)."""

    def __init__(self, data_dir: Path, smtp_port: int = 1025, http_port: int = 8025) -> None:
        self.store = MailStore(data_dir / "mail")
        self.faults = Faults()
        self.smtp_port, self.http_port = smtp_port, http_port
        self._smtp: asyncio.AbstractServer | None = None
        self._http: _QuietServer | None = None
        self._http_task: asyncio.Task[None] | None = None

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    async def start(self) -> None:
        handler = _Handler(self.store, self.faults)

        def factory() -> SMTP:
            return SMTP(handler, hostname="mailsink.localhost", ident="residency-mailsink",
                        enable_SMTPUTF8=True, decode_data=False, auth_require_tls=False,
                        authenticator=_accept_any_login)  # fmt: skip

        loop = asyncio.get_running_loop()
        self._smtp = await loop.create_server(factory, HOST, self.smtp_port)
        app = build_app(self.store)
        app.router.routes.extend(fault_routes(self.faults))
        config = uvicorn.Config(app, host=HOST, port=self.http_port,
                                log_level="warning", lifespan="off", access_log=False)  # fmt: skip
        self._http = _QuietServer(config)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:  # bind ourselves so "address in use" raises here instead of sys.exit in uvicorn
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((HOST, self.http_port))
        except OSError:
            sock.close()
            await self.stop()
            raise
        self._http_task = asyncio.create_task(self._http.serve(sockets=[sock]))
        deadline = loop.time() + 10
        while not self._http.started and not self._http_task.done():  # noqa: ASYNC110
            if loop.time() > deadline:
                raise TimeoutError("mail sink HTTP server did not start within 10s")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._http is not None and self._http_task is not None:
            self._http.should_exit = True
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self._http_task, 10)
        if self._smtp is not None:
            self._smtp.close()
            await self._smtp.wait_closed()
        self._smtp = self._http = self._http_task = None

    async def __aenter__(self) -> MailSink:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


async def serve(data_dir: Path, smtp_port: int, http_port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with MailSink(data_dir, smtp_port, http_port) as sink:
        print(f"mail sink: smtp://{HOST}:{smtp_port} inbox {sink.api_url}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    defaults = StackPorts()
    parser = argparse.ArgumentParser(prog="residency-mailsink", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path(".data"))
    parser.add_argument("--smtp-port", type=int, default=defaults.smtp)
    parser.add_argument("--http-port", type=int, default=defaults.mail_http)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.data_dir, args.smtp_port, args.http_port))


if __name__ == "__main__":
    main()
