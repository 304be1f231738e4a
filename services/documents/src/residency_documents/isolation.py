"""Run checks in bounded worker processes (`residency_sandbox`) so a hostile file cannot take the
service down: a check that times out, runs out of memory, crashes or kills its worker refuses
only that one file.

The service creates its pool at start-up (`check_pool`) and hands it to the handler; there is no
module-level pool.
"""

from __future__ import annotations

import datetime as dt
import logging

from residency_contracts.attachments import AttachmentKind, VerdictCode
from residency_sandbox import SandboxPool, SandboxUnavailable

from residency_documents.messages import Verdict

log = logging.getLogger(__name__)
CHECKS = "residency_documents.checks"


def check_pool(size: int) -> SandboxPool:
    """A pool of `size` check workers, which import the checks when they start."""
    return SandboxPool(size, preload=[CHECKS])


async def check_file_isolated(
    pool: SandboxPool,
    kind: AttachmentKind | str,
    data: bytes,
    *,
    today: dt.date,
    max_photo_age_months: int = 6,
    timeout_s: float = 10.0,
    memory_mb: int = 256,
) -> Verdict:
    """check_file in a bounded worker; a crash, timeout or MemoryError refuses the file."""
    kind = AttachmentKind(kind)
    try:
        verdict = await pool.run(f"{CHECKS}:check_file", kind.value, data, today=today,
                                 max_photo_age_months=max_photo_age_months,
                                 timeout_s=timeout_s, memory_mb=memory_mb)
    except SandboxUnavailable:  # the pool itself failed (cannot fork, ...), not the file
        log.exception("document check pool failed")
        return Verdict.of(VerdictCode.CHECK_FAILED)
    except Exception:  # noqa: BLE001 - SandboxError (out of bounds) or the check crashed
        verdict = None
    if isinstance(verdict, Verdict):
        return verdict
    if kind is AttachmentKind.DOCUMENT:
        return Verdict.of(VerdictCode.PDF_MALFORMED)
    return Verdict.of(VerdictCode.PHOTO_CORRUPT)
