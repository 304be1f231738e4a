"""TCP ports of the embedded stack (all bound to 127.0.0.1 only)."""

from __future__ import annotations

import dataclasses
import socket
import urllib.request
from dataclasses import dataclass

HOST = "127.0.0.1"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def port_is_open(port: int, host: str = HOST, timeout: float = 0.2) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def http_ok(url: str, timeout: float = 1.0) -> bool:
    """True when GET url answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@dataclass(frozen=True)
class StackPorts:
    """Every port the stack listens on. Defaults are what `make run` uses."""

    kafka: int = 9092
    s3: int = 8333
    postgres: int = 5432
    smtp: int = 1025
    mail_http: int = 8025
    # SeaweedFS internals (`weed mini` = master + volume + filer + S3 gateway + admin)
    s3_grpc: int = 18333
    weed_master: int = 9333
    weed_master_grpc: int = 19333
    weed_volume: int = 8080
    weed_volume_grpc: int = 18080
    weed_filer: int = 8888
    weed_filer_grpc: int = 18888
    weed_admin: int = 23646
    weed_admin_grpc: int = 33646

    @classmethod
    def free(cls) -> StackPorts:
        """All ports chosen free and distinct, so tests never collide with `make run`."""
        names = [f.name for f in dataclasses.fields(cls)]
        chosen: set[int] = set()
        while len(chosen) < len(names):
            chosen.add(free_port())
        return cls(**dict(zip(names, sorted(chosen), strict=True)))

    def busy(self) -> list[str]:
        """Names of the ports something is already listening on."""
        return [f.name for f in dataclasses.fields(self) if port_is_open(getattr(self, f.name))]
