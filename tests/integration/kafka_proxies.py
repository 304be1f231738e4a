"""What Tansu 0.6.0 lacks for the security tests, in front of a real Tansu: TLS termination
(`TlsTerminator`) and a SCRAM-SHA-512 login check (`ScramGate`)."""

import asyncio
import ssl
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        writer.close()


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class _Proxy:
    """A TCP server on 127.0.0.1:`port` in a thread of its own (its own event loop), so that
    module-scoped fixtures can hold it and any test's loop can talk to it."""

    def __init__(self, port: int, upstream_port: int, tls: ssl.SSLContext | None) -> None:
        self.port, self.upstream_port, self.tls = port, upstream_port, tls
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self.forward(reader, writer)

    async def forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                      ) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(HOST, self.upstream_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    def __enter__(self) -> "_Proxy":
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self.handle, HOST, self.port, ssl=self.tls),
            self._loop).result(10)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        async def close() -> None:
            assert self._server is not None
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


class TlsTerminator(_Proxy):
    """TLS on `port` with the given certificate, plaintext to 127.0.0.1:`upstream_port`."""

    def __init__(self, port: int, upstream_port: int, cert: Path, key: Path) -> None:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(cert, key)
        super().__init__(port, upstream_port, tls)
