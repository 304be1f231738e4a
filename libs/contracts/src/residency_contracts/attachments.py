"""Attachment kinds, the verdict codes documents gives them, and the limits of SPEC §5.

`limit_exceeded` is THE limit rule: intake enforces it on every upload (applications, usage
requests and periodic reports, bulk rows, the files of a correction answer) and documents' CLI
applies it to the files it is given. Pure: no I/O.
"""

from dataclasses import dataclass
from enum import StrEnum

MB = 1024 * 1024


class AttachmentKind(StrEnum):
    """What an uploaded file is for."""

    DOCUMENT = "document"
    PHOTO = "photo"


class VerdictCode(StrEnum):
    """Exactly one code per checked file, decided by content only."""

    OK = "OK"
    NOT_PDF = "NOT_PDF"
    PDF_ENCRYPTED = "PDF_ENCRYPTED"
    PDF_RESTRICTED = "PDF_RESTRICTED"
    PDF_MALFORMED = "PDF_MALFORMED"
    PHOTO_NOT_JPEG = "PHOTO_NOT_JPEG"
    PHOTO_CORRUPT = "PHOTO_CORRUPT"
    PHOTO_ASPECT = "PHOTO_ASPECT"
    PHOTO_TOO_SMALL = "PHOTO_TOO_SMALL"
    PHOTO_TOO_LARGE = "PHOTO_TOO_LARGE"
    PHOTO_TOO_OLD = "PHOTO_TOO_OLD"
    LIMIT_FILES = "LIMIT_FILES"
    LIMIT_SIZE = "LIMIT_SIZE"
    CHECK_FAILED = "CHECK_FAILED"


class LimitRefusal(StrEnum):
    """Why a set of files is over the limits (the codes are VerdictCode's)."""

    KIND = "ATTACHMENT_KIND_NOT_ALLOWED"
    FILES = VerdictCode.LIMIT_FILES.value
    SIZE = VerdictCode.LIMIT_SIZE.value


@dataclass(frozen=True)
class AttachmentLimits:
    """What one filing may carry: how many files, how many bytes in total (the photo
    included), and which kinds. The files added to answer a correction request are a set of
    their own with the same limits (SPEC §5)."""

    max_files: int
    max_total_bytes: int
    kinds: frozenset[AttachmentKind] = frozenset(AttachmentKind)


# Applications: ≤20 files and ≤25 MB in total including the photo.
APPLICATION_LIMITS = AttachmentLimits(20, 25 * MB)
# Usage requests (利用申出) and periodic reports (定期報告): ≤20 PDFs and ≤20 MB, no photo.
ORGANIZATION_FILING_LIMITS = AttachmentLimits(20, 20 * MB, frozenset({AttachmentKind.DOCUMENT}))


def limit_exceeded(limits: AttachmentLimits, count: int, total_bytes: int,
                   kind: AttachmentKind | None = None) -> LimitRefusal | None:
    """Which limit a set of `count` files of `total_bytes` in all breaks (the kind first, then
    the count, then the size), or None when it is within them. Before an upload intake asks
    for the files already there plus one of `kind`; while reading it stops at
    `bytes_left`, which is this rule's size limit."""
    if kind is not None and kind not in limits.kinds:
        return LimitRefusal.KIND
    if count > limits.max_files:
        return LimitRefusal.FILES
    if total_bytes > limits.max_total_bytes:
        return LimitRefusal.SIZE
    return None


def bytes_left(limits: AttachmentLimits, total_bytes: int) -> int:
    """How many bytes one more file may have, given the files' `total_bytes` so far."""
    return max(limits.max_total_bytes - total_bytes, 0)
