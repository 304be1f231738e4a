"""Attachment checks (SPEC §5): one verdict per file, decided by content, plus per-filing limits.

`check_file` runs in-process and is pure; the service calls `check_file_isolated`, which runs the
same function in a worker process with memory, CPU and wall-clock bounds (see isolation.py).
"""

from __future__ import annotations

import datetime as dt

from residency_contracts.attachments import AttachmentKind, VerdictCode

from residency_documents.isolation import check_file_isolated
from residency_documents.messages import Verdict, message, too_old_message
from residency_documents.pdf_checks import check_pdf
from residency_documents.photo_checks import check_photo

MB = 1024 * 1024
MAX_FILES = 20
# Totals include the photo. Additional documents after a correction request have the same caps.
APPLICATION_MAX_BYTES = 25 * MB
USAGE_REQUEST_MAX_BYTES = 20 * MB
PERIODIC_REPORT_MAX_BYTES = 20 * MB

__all__ = [
    "APPLICATION_MAX_BYTES",
    "MAX_FILES",
    "PERIODIC_REPORT_MAX_BYTES",
    "USAGE_REQUEST_MAX_BYTES",
    "Verdict",
    "check_file",
    "check_file_isolated",
    "check_limits",
    "message",
]


def check_file(
    kind: AttachmentKind | str,
    data: bytes,
    *,
    today: dt.date,
    max_photo_age_months: int = 6,
) -> Verdict:
    """The verdict for one attachment, in this process (no resource bounds: see isolation)."""
    if AttachmentKind(kind) is AttachmentKind.DOCUMENT:
        checked = check_pdf(data)
        ja, en = message(checked.code)
        # Only a repaired copy travels back from the worker; None means "store the upload".
        repaired = None if checked.stored is data else checked.stored
        return Verdict(checked.code, ja, en, stored=repaired)
    code = check_photo(data, today=today, max_age_months=max_photo_age_months)
    if code is VerdictCode.PHOTO_TOO_OLD:
        return Verdict(code, *too_old_message(max_photo_age_months))
    return Verdict.of(code)


def check_limits(
    sizes: list[int],
    *,
    max_files: int = MAX_FILES,
    max_total_bytes: int = APPLICATION_MAX_BYTES,
) -> Verdict | None:
    """LIMIT_FILES or LIMIT_SIZE for a filing's attachments (sizes in bytes), None when within."""
    if len(sizes) > max_files:
        return Verdict(
            VerdictCode.LIMIT_FILES,
            f"添付できるファイルは{max_files}件までです。ファイルを減らしてから添付してください。",
            f"At most {max_files} files can be attached. Remove some files and try again.",
        )
    if sum(sizes) > max_total_bytes:
        limit = _megabytes(max_total_bytes)
        return Verdict(
            VerdictCode.LIMIT_SIZE,
            f"添付ファイルの合計サイズが上限（{limit}）を超えています。"
            "ファイルを減らすか、解像度を下げて保存し直してから添付してください。",
            f"The attached files exceed the {limit} total limit. "
            "Remove files or save them at a lower resolution and try again.",
        )
    return None


def _megabytes(size: int) -> str:
    return f"{size / MB:g} MB"
