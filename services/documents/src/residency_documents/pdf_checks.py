"""Document checks: is this a PDF one may attach (SPEC §5)? Decided by content only.

qpdf (through pikepdf) parses strictly, with its xref reconstruction turned off, so a broken
cross-reference table, a truncated file or an unreadable object is a PDF_MALFORMED rather than
silently repaired. Any warning qpdf records while resolving objects also counts as malformed:
SPEC §5 asks for ISO 32000-1 conformance, not for a best effort.
"""

from __future__ import annotations

import re
import zlib
from io import BytesIO

import pikepdf
from residency_contracts.attachments import VerdictCode

# ISO 32000-1 §7.5.2 puts the header first; readers (and SPEC) accept up to 1024 leading bytes.
HEADER_WINDOW = 1024
# §7.5.5: the last line is %%EOF; allow trailing junk in the last 1024 bytes like readers do.
EOF_WINDOW = 1024
# Flate streams other than images are inflated to prove they are readable. A PDF whose
# non-image streams inflate to more than this is a decompression bomb: refused, never expanded.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
_CHUNK = 1 << 20
_VERSION = re.compile(rb"%PDF-\d\.\d")


class _Malformed(Exception):
    """The file is a PDF but not a conforming one."""


def check_pdf(data: bytes) -> VerdictCode:
    """One verdict for a document attachment."""
    start = data.find(b"%PDF-", 0, HEADER_WINDOW + 5)
    if start < 0 or start >= HEADER_WINDOW:
        return VerdictCode.NOT_PDF
    if not _VERSION.match(data, start) or b"%%EOF" not in data[-EOF_WINDOW:]:
        return VerdictCode.PDF_MALFORMED  # truncated, or only pretending to be a PDF
    try:
        pdf = pikepdf.open(BytesIO(data), attempt_recovery=False, suppress_warnings=True)
    except pikepdf.PasswordError:
        return VerdictCode.PDF_ENCRYPTED
    except Exception as exc:  # noqa: BLE001 - any parser failure is a verdict, not a crash
        return _open_failure(exc)
    with pdf:
        if pdf.is_encrypted:
            # It opened with the empty user password, so only an owner password protects it.
            # SPEC §5 refuses encrypted PDFs and those restricting printing (P bit 3, and
            # bit 12 for full-quality printing) or copying (P bit 5); both get the same code
            # because the remedy is the same: print to a new PDF without protection.
            return VerdictCode.PDF_RESTRICTED
        try:
            _walk(pdf)
        except Exception:  # noqa: BLE001 - MemoryError, RecursionError, qpdf errors alike
            return VerdictCode.PDF_MALFORMED
        if pdf.get_warnings():
            return VerdictCode.PDF_MALFORMED
    return VerdictCode.OK


def _open_failure(exc: Exception) -> VerdictCode:
    text = str(exc).lower()
    # An unsupported security handler (e.g. certificate encryption) cannot be opened without a
    # key either: for the person it is the same as a password.
    if "security handler" in text or "encryption" in text or "password" in text:
        return VerdictCode.PDF_ENCRYPTED
    return VerdictCode.PDF_MALFORMED


def _walk(pdf: pikepdf.Pdf) -> None:
    """Resolve the page tree and every object; inflate non-image Flate streams within budget."""
    pages = len(pdf.pages)
    if pages < 1 or pdf.Root.Pages.get("/Count") != pages:
        raise _Malformed("no pages, or a page count that lies")
    budget = MAX_INFLATED_BYTES
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        raw = obj.read_raw_bytes()  # proves /Length and endstream agree
        if obj.get("/Subtype") == pikepdf.Name.Image or not _is_flate(obj.get("/Filter")):
            continue
        budget -= _inflated_size(raw, budget)


def _is_flate(filters: object) -> bool:
    if isinstance(filters, pikepdf.Array):
        return len(filters) == 1 and filters[0] == pikepdf.Name.FlateDecode
    return filters == pikepdf.Name.FlateDecode


def _inflated_size(raw: bytes, budget: int) -> int:
    """Size of the inflated stream, without holding it; raises past the budget or on bad data."""
    inflater = zlib.decompressobj()
    total, pending = 0, raw
    while pending:
        total += len(inflater.decompress(pending, _CHUNK))
        if total > budget:
            raise _Malformed("decompression bomb")
        pending = inflater.unconsumed_tail
    return total
