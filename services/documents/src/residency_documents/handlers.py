"""Check one uploaded file and announce the verdict (inbox + verdict + outbox, one unit of
work; the slow check runs before it, skipped for a message already processed)."""

import hashlib
import logging
import time
from datetime import UTC, datetime, timedelta

import asyncpg
from residency_contracts import AttachmentChecked, AttachmentUploaded, VerdictCode
from residency_contracts.attachments import APPLICATION_LIMITS
from residency_contracts.topics import ATTACHMENT_CHECKED
from residency_messaging.metrics import histogram
from residency_messaging.objectstore import Store as ObjectStore
from residency_messaging.unit_of_work import (
    AsyncpgUnitOfWork,
    UnitOfWork,
    already_processed,
    exactly_once,
)
from residency_sandbox import SandboxPool

from .checks import Verdict, check_file_isolated

log = logging.getLogger(__name__)
CONSUMER = "documents"
# the most one upload can be: an application's whole allowance (SPEC §5), declared once
MAX_BYTES = APPLICATION_LIMITS.max_total_bytes
CHECK_SECONDS = histogram(
    "residency_documents_check_duration_seconds",
    "Content checks of uploaded files (in the isolated worker), by kind and verdict code.",
    ("kind", "code"), buckets=(.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))


async def attachment_uploaded(pool: asyncpg.Pool, store: ObjectStore, e: AttachmentUploaded,
                              *, checks: SandboxPool, accepted_bucket: str, timeout_s: float,
                              memory_mb: int) -> None:
    if await already_processed(AsyncpgUnitOfWork(pool, CONSUMER), e.event_id):
        return
    received = True
    try:
        data = await store.read(e.bucket, e.object_key, MAX_BYTES)
    except KeyError:  # a crash after storing: the accepted copy (ours, maybe repaired) is the file
        data = await store.read(accepted_bucket, e.object_key, MAX_BYTES)
        received = False
    sha256 = hashlib.sha256(data).hexdigest()
    if received and sha256 != e.sha256:  # not the bytes intake received: refuse, never guess
        log.error("checksum mismatch", extra={"attachment_id": str(e.attachment_id)})
        verdict = Verdict.of(VerdictCode.CHECK_FAILED)
    else:
        t0 = time.perf_counter()
        verdict = await check_file_isolated(
            checks, e.kind, data, today=e.check_date, max_photo_age_months=e.max_photo_age_months,
            timeout_s=timeout_s, memory_mb=memory_mb)
        CHECK_SECONDS.labels(e.kind.value, verdict.code.value).observe(time.perf_counter() - t0)
    bucket = e.bucket
    if verdict.ok:
        if verdict.stored is None or verdict.stored == data:
            await store.move(e.bucket, e.object_key, accepted_bucket)
        else:  # a repaired PDF: examiners receive qpdf's lossless rewrite, not the upload
            await store.replace(e.bucket, e.object_key, accepted_bucket, verdict.stored)
            sha256 = hashlib.sha256(verdict.stored).hexdigest()
        bucket = accepted_bucket
    checked = AttachmentChecked(
        application_id=e.application_id, attachment_id=e.attachment_id, kind=e.kind,
        code=verdict.code, message_ja=verdict.message_ja, message_en=verdict.message_en,
        bucket=bucket, object_key=e.object_key, sha256=sha256, occurred_at=datetime.now(UTC))

    async def record(uow: UnitOfWork) -> bool:
        await uow.conn.execute(
            "INSERT INTO verdicts (attachment_id, application_id, kind, code, sha256, bucket,"
            " object_key) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (attachment_id) DO NOTHING",
            e.attachment_id, e.application_id, e.kind, verdict.code, sha256, bucket,
            e.object_key)
        uow.publish(ATTACHMENT_CHECKED, checked)
        return True

    if not await exactly_once(AsyncpgUnitOfWork(pool, CONSUMER), e.event_id, record):
        return  # processed meanwhile (a redelivery racing this one)
    log.info("attachment checked", extra={"attachment_id": str(e.attachment_id),
                                          "code": verdict.code.value})


async def purge_rejected(pool: asyncpg.Pool, store: ObjectStore, now: datetime,
                         retention: timedelta, *, batch: int = 100) -> int:
    """Delete quarantined files refused more than `retention` ago; the verdict row stays
    (with `purged_at`) so the reason remains visible."""
    rows = await pool.fetch(
        "SELECT attachment_id, bucket, object_key FROM verdicts WHERE code <> 'OK' "
        "AND purged_at IS NULL AND checked_at < $1 ORDER BY checked_at LIMIT $2",
        now - retention, batch)
    for row in rows:
        await store.remove(row["bucket"], row["object_key"])
        await pool.execute("UPDATE verdicts SET purged_at = $2 WHERE attachment_id = $1",
                           row["attachment_id"], now)
    return len(rows)
