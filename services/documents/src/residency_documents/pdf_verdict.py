"""Which problems of a PDF refuse it, and with which code (SPEC §5). Pure: no parsing here.

pdf_checks.py finds the problems, by category, with its own checks; the verdict is decided by
this table alone, never by how many warnings a library version happens to print. The line:
a file every viewer opens without a password, whose every page and image can be recovered and
decoded, is accepted (and stored as qpdf's lossless rewrite when it needed repair); what cannot
be recovered or decoded, and anything protected, is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from residency_contracts.attachments import VerdictCode


class Problem(StrEnum):
    """A category of problem found in an uploaded PDF."""

    # Refused.
    NOT_A_PDF = "not_a_pdf"  # no %PDF-n.n header within the first 1024 bytes
    NEEDS_PASSWORD = "needs_password"  # cannot be opened without a user password / a key
    RESTRICTED = "restricted"  # encrypted, forbids printing (P bits 3, 12) or copying (bit 5)
    ENCRYPTED = "encrypted"  # encrypted, even when it opens without a password, allows all
    UNRECOVERABLE = "unrecoverable"  # no cross-reference, trailer or page tree can be rebuilt
    NO_PAGES = "no_pages"  # nothing to examine
    PAGES_MISSING = "pages_missing"  # the page tree declares more pages than can be found
    PAGE_CONTENT_MISSING = "page_content_missing"  # /Contents names an object that is gone
    PAGE_CONTENT_UNDECODABLE = "page_content_undecodable"  # filter or content parser fails
    IMAGE_UNDECODABLE = "image_undecodable"  # an image drawn on a page is not a decodable image
    TOO_LARGE_DECODED = "too_large_decoded"  # decompression bomb: refused, never expanded
    REWRITE_FAILED = "rewrite_failed"  # the repaired copy could not be written and re-read
    # Accepted (repaired when stored).
    REPAIRED = "repaired"  # qpdf rebuilt the xref, fixed stream lengths, dropped trailing bytes
    IMAGE_UNVERIFIED = "image_unverified"  # JBIG2, or too large to decode within the bounds


ACCEPTED = VerdictCode.OK

# Problem → verdict code. When several are found, the first in this order gives the code:
# not a PDF at all, then protection (an encrypted file is refused as such even when its broken
# cross-reference would also make it malformed), then damage.
VERDICTS: dict[Problem, VerdictCode] = {
    Problem.NOT_A_PDF: VerdictCode.NOT_PDF,
    Problem.NEEDS_PASSWORD: VerdictCode.PDF_ENCRYPTED,
    Problem.RESTRICTED: VerdictCode.PDF_RESTRICTED,
    Problem.ENCRYPTED: VerdictCode.PDF_ENCRYPTED,
    Problem.UNRECOVERABLE: VerdictCode.PDF_MALFORMED,
    Problem.NO_PAGES: VerdictCode.PDF_MALFORMED,
    Problem.PAGES_MISSING: VerdictCode.PDF_MALFORMED,
    Problem.PAGE_CONTENT_MISSING: VerdictCode.PDF_MALFORMED,
    Problem.PAGE_CONTENT_UNDECODABLE: VerdictCode.PDF_MALFORMED,
    Problem.IMAGE_UNDECODABLE: VerdictCode.PDF_MALFORMED,
    Problem.TOO_LARGE_DECODED: VerdictCode.PDF_MALFORMED,
    Problem.REWRITE_FAILED: VerdictCode.PDF_MALFORMED,
    Problem.REPAIRED: ACCEPTED,
    Problem.IMAGE_UNVERIFIED: ACCEPTED,
}
_ORDER = list(VERDICTS)


def decide(problems: Iterable[Problem]) -> VerdictCode:
    """The verdict for a set of problem categories: OK unless one of them refuses the file."""
    refusing = sorted((p for p in set(problems) if VERDICTS[p] is not ACCEPTED), key=_ORDER.index)
    return VERDICTS[refusing[0]] if refusing else ACCEPTED


def refuses(problems: Iterable[Problem]) -> bool:
    return decide(problems) is not ACCEPTED
