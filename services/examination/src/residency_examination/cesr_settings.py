"""Configuration of the electronic CESR (env prefix EXAMINATION_) and where the PDFs go."""

import asyncio
import io
from dataclasses import dataclass
from typing import Protocol

from minio import Minio
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from residency_messaging.settings import ObjectStoreSettings


class CesrSettings(ObjectStoreSettings):
    model_config = SettingsConfigDict(env_prefix="EXAMINATION_", extra="ignore")
    cesr_signing_key: SecretStr | None = Field(
        None, description="PEM private key that signs CESR PDFs (required to issue).")
    cesr_signing_cert: str | None = Field(None, description="PEM certificate of that key.")
    cesr_bucket: str = "cesr"
    cesr_receipt_url: str = Field("http://127.0.0.1:8000/cesr-receipts",
                                  description="Where organizations register receipt (in emails).")


class Store(Protocol):
    async def put(self, bucket: str, key: str, data: bytes) -> None: ...


class MinioStore:
    def __init__(self, s: ObjectStoreSettings) -> None:
        self._client = Minio(s.s3_endpoint, access_key=s.s3_access_key.get_secret_value(),
                             secret_key=s.s3_secret_key.get_secret_value(), secure=s.s3_secure,
                             region=s.s3_region)

    async def put(self, bucket: str, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._client.put_object, bucket, key, io.BytesIO(data),
                                len(data), content_type="application/pdf")


class NotConfigured(RuntimeError):
    """No signing key: an electronic CESR cannot be issued (the command is retried, then
    dead-lettered, and the approval does not commit)."""


@dataclass(frozen=True)
class CesrContext:
    key_pem: str
    cert_pem: str
    store: Store
    bucket: str = "cesr"
    receipt_url: str = "http://127.0.0.1:8000/cesr-receipts"

    @classmethod
    def from_settings(cls, s: CesrSettings) -> "CesrContext":
        if s.cesr_signing_key is None or not s.cesr_signing_cert:
            raise NotConfigured("EXAMINATION_CESR_SIGNING_KEY and _CERT are required")
        return cls(s.cesr_signing_key.get_secret_value(), s.cesr_signing_cert, MinioStore(s),
                   s.cesr_bucket, s.cesr_receipt_url)


_context: CesrContext | None = None


def configure(ctx: CesrContext | None) -> None:
    """Set the signing key and store (tests); otherwise read from EXAMINATION_* at first use."""
    global _context
    _context = ctx


def context() -> CesrContext:
    global _context
    if _context is None:
        _context = CesrContext.from_settings(CesrSettings())  # type: ignore[call-arg]
    return _context
