"""Check an electronic CESR's PDF signature (PAdES, pyHanko) against the configured
certificate of the issuing key. No network: no fetching of revocation data."""

import io
import logging
from dataclasses import dataclass
from functools import lru_cache

from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # a forged file is not our error
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class SignatureCheck:
    problems: tuple[str, ...]
    """Empty when one signature by the configured key covers the whole, intact file."""
    number: str | None
    """The CESR number the PDF names (its /Subject), if readable."""


@lru_cache(maxsize=4)
def _trust_roots(cert_pem: str):  # type: ignore[no-untyped-def]
    """Every certificate in the PEM: the current signing certificate and, after a key
    rotation, the previous ones (or the CA that issued them), so CESRs already issued still
    verify until they expire."""
    return list(load_certs_from_pemder_data(cert_pem.encode()))


def _subject(reader: PdfFileReader) -> str | None:
    try:
        info = reader.trailer["/Info"]
        return str(info["/Subject"]) if "/Subject" in info else None
    except Exception:
        return None


async def check(pdf: bytes, cert_pem: str) -> SignatureCheck:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return SignatureCheck(("PDF_UNREADABLE",), None)
    number = _subject(reader)
    if not signatures:
        return SignatureCheck(("SIGNATURE_MISSING",), number)
    if len(signatures) > 1:
        return SignatureCheck(("SIGNATURE_UNEXPECTED",), number)
    context = ValidationContext(trust_roots=_trust_roots(cert_pem), allow_fetching=False,
                                revocation_mode="soft-fail")
    try:
        status = await async_validate_pdf_signature(signatures[0], context)
    except Exception:
        return SignatureCheck(("SIGNATURE_INVALID",), number)
    problems = []
    if not (status.intact and status.valid):
        problems.append("SIGNATURE_INVALID")
    elif not status.trusted:
        problems.append("SIGNER_UNTRUSTED")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("MODIFIED_AFTER_SIGNING")
    return SignatureCheck(tuple(problems), number)
