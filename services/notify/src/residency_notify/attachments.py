"""Files attached to an email: a command may list `attachments` (bucket, key, sha256) in
object storage; notify downloads each, checks its SHA-256 and attaches it.

S3 settings: NOTIFY_S3_ENDPOINT, NOTIFY_S3_ACCESS_KEY, NOTIFY_S3_SECRET_KEY, NOTIFY_S3_SECURE,
NOTIFY_S3_REGION (the local stack sets them). A missing object or an unreachable store raises
(the command is retried, then dead-lettered); a file whose digest differs is refused for good.
"""

import asyncio
import hashlib
from email.encoders import encode_base64
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from typing import Any, Protocol

from minio import Minio
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from residency_messaging.deadletter import PoisonMessage


class AttachmentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore")
    s3_endpoint: str = "127.0.0.1:8333"
    s3_access_key: SecretStr | None = None
    s3_secret_key: SecretStr | None = None
    s3_secure: bool = False
    s3_region: str = "us-east-1"


class Fetcher(Protocol):
    async def get(self, bucket: str, key: str) -> bytes: ...


class MinioFetcher:
    def __init__(self, s: AttachmentSettings) -> None:
        if s.s3_access_key is None or s.s3_secret_key is None:
            raise PoisonMessage("attachments need NOTIFY_S3_ACCESS_KEY and NOTIFY_S3_SECRET_KEY")
        self._client = Minio(s.s3_endpoint, access_key=s.s3_access_key.get_secret_value(),
                             secret_key=s.s3_secret_key.get_secret_value(), secure=s.s3_secure,
                             region=s.s3_region)

    def _read(self, bucket: str, key: str) -> bytes:
        response = self._client.get_object(bucket, key)
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    async def get(self, bucket: str, key: str) -> bytes:
        return await asyncio.to_thread(self._read, bucket, key)


_fetcher: Fetcher | None = None


def configure(fetcher: Fetcher | None) -> None:
    global _fetcher
    _fetcher = fetcher


def _get_fetcher() -> Fetcher:
    global _fetcher
    if _fetcher is None:
        _fetcher = MinioFetcher(AttachmentSettings())
    return _fetcher


async def attach_files(message: Message, command: Any) -> None:
    """Add each of the command's attachments (if any) to `message` (a multipart/alternative
    from `handlers.build_message`, which then becomes multipart/mixed: the body, then files)."""
    files = []
    for item in getattr(command, "attachments", None) or ():
        data = await _get_fetcher().get(item.bucket, item.key)
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise PoisonMessage(f"attachment digest mismatch: {item.bucket}/{item.key}")
        maintype, _, subtype = item.content_type.partition("/")
        part = MIMEBase(maintype or "application", subtype or "octet-stream")
        part.set_payload(data)
        encode_base64(part)
        part.add_header("Content-Disposition", "attachment",
                        filename=("utf-8", "", item.filename))
        files.append(part)
    if files:
        parts = message.get_payload()
        assert isinstance(parts, list)  # the text and HTML alternatives
        body = MIMEMultipart("alternative", _subparts=parts)
        message.set_payload([body, *files])
        message.set_type("multipart/mixed")
