"""What Tansu 0.6.0 lacks for the security tests, in front of a real Tansu: TLS termination
(`TlsTerminator`) and a SCRAM-SHA-512 login check (`ScramGate`); plus a throwaway PKI."""

import asyncio
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "127.0.0.1"


def make_pki(directory: Path) -> dict[str, Path]:
    """A CA, a server certificate for 127.0.0.1 signed by it, and an unrelated CA (PEM files)."""
    now = dt.datetime.now(dt.UTC)

    def name(common_name: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    def certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
                    signer: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(issuer)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = (builder.add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                               critical=False))
        return builder.sign(signer, hashes.SHA256())

    def pem(cert: x509.Certificate) -> bytes:
        return cert.public_bytes(serialization.Encoding.PEM)

    ca_key, other_key, server_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = certificate("test ca", ca_key, name("test ca"), ca_key, ca=True)
    other = certificate("unrelated test ca", other_key, name("unrelated test ca"), other_key,
                        ca=True)
    server = certificate(HOST, server_key, ca.subject, ca_key, ca=False)
    files = {"ca": pem(ca), "other_ca": pem(other), "server_cert": pem(server),
             "server_key": server_key.private_bytes(
                 serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                 serialization.NoEncryption())}
    paths = {kind: directory / f"{kind}.pem" for kind in files}
    for kind, data in files.items():
        paths[kind].write_bytes(data)
    paths["server_key"].chmod(0o600)
    return paths


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
