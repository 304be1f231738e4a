"""What issuing an electronic CESR needs — the signing key and certificate, the object store and
its bucket, the receipt URL in the emails — built once by `bootstrap` and passed to the
handlers that issue and remind (nothing module-level)."""

from dataclasses import dataclass

from residency_messaging.objectstore import CESR, Store


class NotConfigured(RuntimeError):
    """No signing key: an electronic CESR cannot be issued (the command is retried, then
    dead-lettered, and the approval does not commit)."""


@dataclass(frozen=True)
class CesrContext:
    key_pem: str | None
    cert_pem: str | None
    store: Store
    bucket: str = CESR
    receipt_url: str = "http://127.0.0.1:8000/cesr-receipts"

    def signer(self) -> tuple[str, str]:
        """The PEM key and certificate that sign; NotConfigured without them."""
        if not self.key_pem or not self.cert_pem:
            raise NotConfigured("EXAMINATION_CESR_SIGNING_KEY and _CERT are required")
        return self.key_pem, self.cert_pem
