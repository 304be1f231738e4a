"""Object storage for documents: read from quarantine, move accepted files."""

import asyncio
import io
from typing import Protocol

from minio import Minio
from minio.commonconfig import CopySource
from minio.error import S3Error


class ObjectStore(Protocol):
    async def read(self, bucket: str, key: str, max_bytes: int) -> bytes: ...
    async def move(self, src_bucket: str, key: str, dst_bucket: str) -> None: ...
    async def replace(self, src_bucket: str, key: str, dst_bucket: str, data: bytes) -> None: ...
    async def remove(self, bucket: str, key: str) -> None: ...


class MinioStore:
    def __init__(
        self, endpoint: str, access_key: str, secret_key: str, *, secure: bool, region: str
    ) -> None:
        self._client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region
        )

    def _read(self, bucket: str, key: str, max_bytes: int) -> bytes:
        try:
            response = self._client.get_object(bucket, key)
        except S3Error as exc:
            if exc.code != "NoSuchKey":
                raise
            raise KeyError(key) from exc
        try:
            data = response.read(max_bytes + 1)
        finally:
            response.close()
            response.release_conn()
        if len(data) > max_bytes:
            raise ValueError("object larger than the upload limit")
        return data

    async def read(self, bucket: str, key: str, max_bytes: int) -> bytes:
        return await asyncio.to_thread(self._read, bucket, key, max_bytes)

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

    def _replace(self, src_bucket: str, key: str, dst_bucket: str, data: bytes) -> None:
        # Write then delete, like _move: a repeat after a crash writes the same bytes again.
        self._client.put_object(dst_bucket, key, io.BytesIO(data), len(data),
                                content_type="application/pdf")
        self._client.remove_object(src_bucket, key)

    async def replace(self, src_bucket: str, key: str, dst_bucket: str, data: bytes) -> None:
        """Store `data` (a repaired file) as dst_bucket/key and drop the original."""
        await asyncio.to_thread(self._replace, src_bucket, key, dst_bucket, data)

    async def remove(self, bucket: str, key: str) -> None:
        await asyncio.to_thread(self._client.remove_object, bucket, key)
