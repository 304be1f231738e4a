"""Attachment kinds and the verdict codes documents gives them (SPEC §5)."""

from enum import StrEnum


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
