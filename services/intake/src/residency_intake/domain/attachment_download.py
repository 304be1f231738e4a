"""Which attachment can be opened, and what the download is called. Pure.

A file can be opened once documents accepted it: the copy in the accepted bucket (for a PDF
qpdf repaired, the repaired one). While it is being checked, or once refused (the upload stays
in quarantine, unchecked content), there is nothing to open.

The download is named after the application's number, what the file is and the start of its
id, e.g. `0000000018_書類_1a2b3c4d.pdf`, with an ASCII fallback (`…_document_…`) for
clients that do not read RFC 5987 (`filename*`); nothing of the filer's own file name or
content reaches the header.
"""

from urllib.parse import quote
from uuid import UUID

from residency_contracts import AttachmentKind, VerdictCode

from .rules import Problem

MEDIA_TYPE = {AttachmentKind.DOCUMENT: "application/pdf", AttachmentKind.PHOTO: "image/jpeg"}
EXTENSION = {AttachmentKind.DOCUMENT: "pdf", AttachmentKind.PHOTO: "jpg"}
NAME_JA = {AttachmentKind.DOCUMENT: "書類", AttachmentKind.PHOTO: "顔写真"}


def download_problem(code: str | None, bucket: str, accepted_bucket: str) -> Problem | None:
    """None when the file has an accepted copy (in `accepted_bucket`) to open."""
    if code is None:
        return Problem.of("attachment_id", "ATTACHMENT_BEING_CHECKED")
    if code != VerdictCode.OK or bucket != accepted_bucket:
        return Problem.of("attachment_id", "ATTACHMENT_REFUSED")
    return None


def _safe(number: str | None) -> str:
    """Digits and ASCII letters of a number only (reference numbers are digits)."""
    kept = "".join(c for c in (number or "") if c.isascii() and c.isalnum())
    return kept or "application"


def content_disposition(kind: AttachmentKind, attachment_id: UUID,
                        number: str | None) -> str:
    """`attachment` with a plain ASCII filename and its Japanese name (RFC 6266, 5987)."""
    stem, short, ext = _safe(number), attachment_id.hex[:8], EXTENSION[kind]
    ascii_name = f"{stem}_{kind.value}_{short}.{ext}"
    utf8_name = quote(f"{stem}_{NAME_JA[kind]}_{short}.{ext}", safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"
