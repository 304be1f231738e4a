"""The one object-store adapter of every service: S3 (MinIO, SeaweedFS, AWS) through `minio`.

The buckets are declared here once (`QUARANTINE`, `ACCEPTED`, `CESR`; each service's settings
may rename them for a shared S3 through `ObjectStoreSettings`). minio's client is blocking: each
call runs in a thread, so the event loop never waits on the network. Building an `ObjectStore`
connects nowhere; the first call does.
"""

import asyncio
import io
from collections.abc import AsyncIterator
from typing import IO, Any, BinaryIO, Protocol, cast

from minio import Minio
from minio.commonconfig import CopySource
from minio.error import S3Error
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

QUARANTINE = "quarantine"
"""Uploads land here (intake writes; documents reads, moves, deletes refused files)."""
ACCEPTED = "accepted"
"""Files documents accepted (documents writes; examiners' downloads read)."""
CESR = "cesr"
"""Signed electronic CESR PDFs (examination writes; notify reads them to attach)."""
BUCKETS = (QUARANTINE, ACCEPTED, CESR)
CHUNK = 256 * 1024
"""Bytes per chunk of `stream`."""


class ObjectStoreSettings(BaseSettings):
    """Where a service's object store is and which identity it uses (each service its own,
    allowed only the buckets it needs: deploy/k8s/components/s3-minio); the bucket names,
    should a shared S3 need others."""

    s3_endpoint: str = Field("127.0.0.1:8333", description="host:port of the S3 API.")
    s3_access_key: SecretStr = Field(description="This service's S3 access key.")
    s3_secret_key: SecretStr = Field(description="This service's S3 secret key.")
    s3_secure: bool = Field(False, description="HTTPS to the S3 API.")
    s3_region: str = "us-east-1"
    quarantine_bucket: str = Field(QUARANTINE, description="Bucket of uploads being checked.")
    accepted_bucket: str = Field(ACCEPTED, description="Bucket of accepted attachments.")
    cesr_bucket: str = Field(CESR, description="Bucket of signed electronic CESR PDFs.")


class Store(Protocol):
    """What services use of object storage (tests give fakes)."""

    async def put(self, bucket: str, key: str, stream: IO[bytes], length: int, *,
                  content_type: str = "application/octet-stream") -> None: ...
    async def put_bytes(self, bucket: str, key: str, data: bytes, *,
                        content_type: str = "application/octet-stream") -> None: ...
    async def read(self, bucket: str, key: str, max_bytes: int | None = None) -> bytes: ...
    async def stream(self, bucket: str, key: str) -> AsyncIterator[bytes]: ...
    async def move(self, src_bucket: str, key: str, dst_bucket: str) -> None: ...
    async def replace(self, src_bucket: str, key: str, dst_bucket: str, data: bytes, *,
                      content_type: str = "application/pdf") -> None: ...
    async def remove(self, bucket: str, key: str) -> None: ...
    async def ready(self, bucket: str) -> bool: ...


class ObjectStore:
    """`Store` on an S3 API."""

    def __init__(self, endpoint: str, access_key: str, secret_key: str, *, secure: bool = False,
                 region: str = "us-east-1") -> None:
        self._client = Minio(endpoint, access_key=access_key, secret_key=secret_key,
                             secure=secure, region=region)

    @classmethod
    def from_settings(cls, s: ObjectStoreSettings) -> "ObjectStore":
        return cls(s.s3_endpoint, s.s3_access_key.get_secret_value(),
                   s.s3_secret_key.get_secret_value(), secure=s.s3_secure, region=s.s3_region)

    async def put(self, bucket: str, key: str, stream: IO[bytes], length: int, *,
                  content_type: str = "application/octet-stream") -> None:
        await asyncio.to_thread(self._client.put_object, bucket, key, cast(BinaryIO, stream),
                                length, content_type=content_type)

    async def put_bytes(self, bucket: str, key: str, data: bytes, *,
                        content_type: str = "application/octet-stream") -> None:
        await self.put(bucket, key, io.BytesIO(data), len(data), content_type=content_type)

    def _read(self, bucket: str, key: str, max_bytes: int | None) -> bytes:
        try:
            response = self._client.get_object(bucket, key)
        except S3Error as exc:
            if exc.code != "NoSuchKey":
                raise
            raise KeyError(key) from exc
        try:
            data = response.read() if max_bytes is None else response.read(max_bytes + 1)
        finally:
            response.close()
            response.release_conn()
        if max_bytes is not None and len(data) > max_bytes:
            raise ValueError(f"object larger than {max_bytes} bytes")
        return data

    async def read(self, bucket: str, key: str, max_bytes: int | None = None) -> bytes:
        """The object's bytes; KeyError when it is not there, ValueError when it is larger
        than `max_bytes` (no more than that plus one byte is read)."""
        return await asyncio.to_thread(self._read, bucket, key, max_bytes)

    def _open(self, bucket: str, key: str) -> Any:
        try:
            return self._client.get_object(bucket, key)
        except S3Error as exc:
            if exc.code != "NoSuchKey":
                raise
            raise KeyError(key) from exc

    async def stream(self, bucket: str, key: str) -> AsyncIterator[bytes]:
        """The object's bytes in chunks of at most `CHUNK` (never all in memory); KeyError,
        before any chunk, when it is not there. The connection is released when the chunks
        end or the consumer stops (closes the iterator)."""
        response = await asyncio.to_thread(self._open, bucket, key)

        async def chunks() -> AsyncIterator[bytes]:
            try:
                while chunk := await asyncio.to_thread(response.read, CHUNK):
                    yield chunk
            finally:
                response.close()
                response.release_conn()
        return chunks()

    def _move(self, src_bucket: str, key: str, dst_bucket: str) -> None:
        # Copy then delete: a crash in between leaves a copy in both, never in neither;
        # a repeated move after a crash finds the source gone and the copy in place.
        try:
            self._client.copy_object(dst_bucket, key, CopySource(src_bucket, key))
        except S3Error as exc:
            if exc.code != "NoSuchKey":
                raise
            self._client.stat_object(dst_bucket, key)
            return
        self._client.remove_object(src_bucket, key)

    async def move(self, src_bucket: str, key: str, dst_bucket: str) -> None:
        await asyncio.to_thread(self._move, src_bucket, key, dst_bucket)

    def _replace(self, src_bucket: str, key: str, dst_bucket: str, data: bytes,
                 content_type: str) -> None:
        # Write then delete, like _move: a repeat after a crash writes the same bytes again.
        self._client.put_object(dst_bucket, key, io.BytesIO(data), len(data),
                                content_type=content_type)
        self._client.remove_object(src_bucket, key)

    async def replace(self, src_bucket: str, key: str, dst_bucket: str, data: bytes, *,
                      content_type: str = "application/pdf") -> None:
        """Store `data` (a repaired file) as dst_bucket/key and drop the original."""
        await asyncio.to_thread(self._replace, src_bucket, key, dst_bucket, data, content_type)

    async def remove(self, bucket: str, key: str) -> None:
        """Delete an object; deleting one that is not there is not an error (S3)."""
        await asyncio.to_thread(self._client.remove_object, bucket, key)

    async def ready(self, bucket: str) -> bool:
        try:
            return bool(await asyncio.to_thread(self._client.bucket_exists, bucket))
        except Exception:
            return False
