"""What Tansu 0.6.0 lacks for the security tests, in front of a real Tansu: TLS termination
(`TlsTerminator`) and a SCRAM-SHA-512 login check (`ScramGate`)."""

import asyncio
import base64
import hashlib
import hmac
import secrets
import ssl
import struct
import threading
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


def _frame(payload: bytes) -> bytes:
    return struct.pack(">i", len(payload)) + payload


def _string(value: str | None) -> bytes:
    if value is None:
        return struct.pack(">h", -1)
    data = value.encode()
    return struct.pack(">h", len(data)) + data


class _ScramServer:
    """The server side of SCRAM-SHA-512 (RFC 5802, RFC 7677) for one login."""

    ITERATIONS = 4096

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users
        self.user: str | None = None
        self._first_bare = self._server_first = ""
        self._nonce = ""
        self._salted = b""

    @staticmethod
    def _hmac(key: bytes, message: bytes) -> bytes:
        return hmac.new(key, message, hashlib.sha512).digest()

    @staticmethod
    def _fields(message: str) -> dict[str, str]:
        return dict(part.split("=", 1) for part in message.split(",") if "=" in part)

    def first(self, client_first: str) -> str | None:
        """The server-first message, or None for an unknown user."""
        self._first_bare = client_first.split(",", 2)[2]  # after the GS2 header "n,,"
        fields = self._fields(self._first_bare)
        self.user = fields["n"].replace("=2C", ",").replace("=3D", "=")
        password = self.users.get(self.user)
        if password is None:
            return None
        salt = secrets.token_bytes(16)
        self._salted = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, self.ITERATIONS)
        self._nonce = fields["r"] + secrets.token_urlsafe(18)
        self._server_first = (f"r={self._nonce},s={base64.b64encode(salt).decode()},"
                              f"i={self.ITERATIONS}")
        return self._server_first

    def final(self, client_final: str) -> str | None:
        """The server-final message (`v=` signature), or None when the proof is wrong."""
        without_proof, _, _proof = client_final.rpartition(",p=")
        fields = self._fields(client_final)
        if fields.get("r") != self._nonce:
            return None
        auth_message = f"{self._first_bare},{self._server_first},{without_proof}".encode()
        stored_key = hashlib.sha512(self._hmac(self._salted, b"Client Key")).digest()
        signature = self._hmac(stored_key, auth_message)
        client_key = bytes(a ^ b for a, b in zip(base64.b64decode(fields["p"]), signature,
                                                 strict=True))
        if not hmac.compare_digest(hashlib.sha512(client_key).digest(), stored_key):
            return None
        server_signature = self._hmac(self._hmac(self._salted, b"Server Key"), auth_message)
        return f"v={base64.b64encode(server_signature).decode()}"


class ScramGate(_Proxy):
    """A SASL listener as a Kafka broker runs it: ApiVersions may come first, then
    SaslHandshake (only SCRAM-SHA-512 offered) and SaslAuthenticate; a refused proof gets
    error 58 (SASL_AUTHENTICATION_FAILED) and the connection is closed; any other request
    before the login closes it too. After the login, bytes go both ways to the broker."""

    MECHANISM = "SCRAM-SHA-512"

    def __init__(self, port: int, upstream_port: int, users: dict[str, str],
                 tls: ssl.SSLContext | None = None) -> None:
        super().__init__(port, upstream_port, tls)
        self.users = users
        self.logins: list[tuple[str | None, bool]] = []
        """(user, accepted) for every SaslAuthenticate exchange that ended."""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(HOST, self.upstream_port)
        except OSError:
            writer.close()
            return
        try:
            logged_in = await self._login(reader, writer, up_reader, up_writer)
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError, KeyError,
                ValueError):
            logged_in = False
        if not logged_in:
            writer.close()
            up_writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def _login(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     up_reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter) -> bool:
        scram = _ScramServer(self.users)
        while True:
            frame = await reader.readexactly(struct.unpack(">i", await reader.readexactly(4))[0])
            api_key, api_version, correlation = struct.unpack(">hhi", frame[:8])
            (client_id_length,) = struct.unpack(">h", frame[8:10])
            body = frame[10 + max(client_id_length, 0):]
            head = struct.pack(">i", correlation)
            if api_key == 18:  # ApiVersions: the broker answers
                up_writer.write(_frame(frame))
                size = await up_reader.readexactly(4)
                writer.write(size + await up_reader.readexactly(struct.unpack(">i", size)[0]))
            elif api_key == 17:  # SaslHandshake v0/v1
                (length,) = struct.unpack(">h", body[:2])
                offered = body[2:2 + length].decode() == self.MECHANISM
                writer.write(_frame(head + struct.pack(">hi", 0 if offered else 33, 1)
                                    + _string(self.MECHANISM)))
                if not offered:
                    await writer.drain()
                    return False
            elif api_key == 36:  # SaslAuthenticate v0/v1
                (length,) = struct.unpack(">i", body[:4])
                token = body[4:4 + length].decode()
                answer = scram.first(token) if scram.user is None else scram.final(token)
                done = scram.user is not None and token.startswith("c=")
                if answer is None:
                    self.logins.append((scram.user, False))
                    message = ("Authentication failed during authentication due to invalid "
                               f"credentials with SASL mechanism {self.MECHANISM}")
                    writer.write(_frame(head + struct.pack(">h", 58) + _string(message)
                                        + struct.pack(">i", 0)
                                        + (struct.pack(">q", 0) if api_version else b"")))
                    await writer.drain()
                    return False
                data = answer.encode()
                writer.write(_frame(head + struct.pack(">h", 0) + _string(None)
                                    + struct.pack(">i", len(data)) + data
                                    + (struct.pack(">q", 0) if api_version else b"")))
                if done:
                    self.logins.append((scram.user, True))
                    await writer.drain()
                    return True
            else:  # anything else before the login: refused
                return False
            await writer.drain()
