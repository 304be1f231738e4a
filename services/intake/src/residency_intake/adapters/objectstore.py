"""Object storage behind a small interface; minio's blocking client runs in a thread."""

import asyncio
from typing import IO, BinaryIO, Protocol, cast

from minio import Minio


class ObjectStore(Protocol):
    async def put(self, bucket: str, key: str, stream: IO[bytes], length: int) -> None: ...
    async def ready(self, bucket: str) -> bool: ...
    async def remove(self, bucket: str, key: str) -> None: ...


class MinioStore:
    def __init__(self, endpoint: str, access_key: str, secret_key: str, *, secure: bool,
                 region: str) -> None:
        self._client = Minio(endpoint, access_key=access_key, secret_key=secret_key,
                             secure=secure, region=region)

    async def put(self, bucket: str, key: str, stream: IO[bytes], length: int) -> None:
        await asyncio.to_thread(self._client.put_object, bucket, key, cast(BinaryIO, stream), length,
                                content_type="application/octet-stream")

    async def remove(self, bucket: str, key: str) -> None:
        """Delete an object; deleting one that is not there is not an error (S3)."""
        await asyncio.to_thread(self._client.remove_object, bucket, key)

    async def ready(self, bucket: str) -> bool:
        try:
            return bool(await asyncio.to_thread(self._client.bucket_exists, bucket))
        except Exception:
            return False
