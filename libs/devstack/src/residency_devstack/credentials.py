"""Random local credentials, generated once and kept in DATA/secrets.json (mode 0600)."""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

SECRETS_FILE = "secrets.json"


@dataclass(frozen=True)
class Credentials:
    s3_access_key: str
    s3_secret_key: str
    postgres_password: str
    hash_secret: str  # services' {P}HASH_SECRET (keyed hashes), set by the supervisor
    mail_sealing_key: str  # intake's and notify's {P}MAIL_SEALING_KEY (a Fernet key)

    @classmethod
    def generate(cls) -> Credentials:
        return cls(
            s3_access_key="RES" + secrets.token_hex(8).upper(),
            s3_secret_key=secrets.token_hex(20),
            postgres_password=secrets.token_hex(16),
            hash_secret=secrets.token_hex(32),
            mail_sealing_key=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        )


PRIVATE_UMASK = 0o077
"""The stack's children (postgres, SeaweedFS, the mail sink) create files 0600 and
directories 0700: DATA holds mail with passwords and links, and the stored objects."""


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) for the owner only: 0700, also when it exists with
    other modes (a DATA made before). Run as root, postgres runs as another user and gets
    execute-only (o+x) on DATA to reach its cluster each time it starts
    (`postgres.postgres_process`): it can traverse DATA, never list or read it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != 0o700:
        path.chmod(0o700)
    return path


def open_private(path: Path, mode: str = "ab") -> IO[Any]:
    """`open(path, mode)` creating the file 0600 (append or write), never world-readable."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    return os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8")


def write_private(path: Path, text: str) -> None:
    """Write a file readable by the owner only (created 0600, never world-readable)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_or_create(data_dir: Path) -> Credentials:
    """Return the stack's credentials, creating and persisting them on first use."""
    path = data_dir / SECRETS_FILE
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    # keep what exists, generate only what is missing (older files lack newer keys)
    values = asdict(Credentials.generate()) | stored
    creds = Credentials(**{k: values[k] for k in Credentials.__dataclass_fields__})
    if asdict(creds) != stored:
        private_dir(data_dir)
        write_private(path, json.dumps(asdict(creds), indent=2) + "\n")
    return creds
