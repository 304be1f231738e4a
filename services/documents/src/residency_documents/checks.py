"""Attachment checks (SPEC §5): one verdict per file, decided by content (the per-filing
limits are residency_contracts.attachments.limit_exceeded, which intake enforces).

`check_file` runs in-process and is pure; the service calls `check_file_isolated`, which runs the
same function in a worker process with memory, CPU and wall-clock bounds (see isolation.py,
which runs it in a `residency_sandbox` pool).
"""

from __future__ import annotations

import datetime as dt

from residency_contracts.attachments import AttachmentKind, VerdictCode

from residency_documents.isolation import check_file_isolated
from residency_documents.messages import Verdict, message, too_old_message
from residency_documents.pdf_checks import check_pdf
from residency_documents.photo_checks import check_photo

__all__ = ["Verdict", "check_file", "check_file_isolated", "message"]


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
