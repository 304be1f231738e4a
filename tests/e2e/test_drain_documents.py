"""SIGTERM documents in the middle of 60 uploads: the checks in hand finish with their true
verdicts (the check workers ignore the signal sent to the process group), offsets are committed,
the group is left, the outbox published, exit 0; the next replica checks the rest; every file
gets exactly one verdict, and the right one."""

import hashlib
import io
import time
import uuid
from collections import Counter
from datetime import date

from minio import Minio
from residency_contracts import AttachmentKind, AttachmentUploaded
from residency_contracts.topics import ATTACHMENT_CHECKED, ATTACHMENT_UPLOADED
from residency_devstack.samples import jpeg_bytes, pdf_bytes

from tests.e2e.drain_support import drain_run
from tests.helpers import TopicReader

UPLOADS = 60
SIGNAL_AFTER = 15


def _uploads(stack) -> list[AttachmentUploaded]:  # type: ignore[no-untyped-def]
    s3 = Minio(stack.s3_endpoint, access_key=stack.s3_access_key,
               secret_key=stack.s3_secret_key, secure=False)
    files = {AttachmentKind.DOCUMENT: pdf_bytes(), AttachmentKind.PHOTO: jpeg_bytes()}
    events = []
    for i in range(UPLOADS):
        kind = (AttachmentKind.DOCUMENT, AttachmentKind.PHOTO)[i % 2]
        data, app_id, attachment_id = files[kind], uuid.uuid4(), uuid.uuid4()
        key = f"{app_id}/{attachment_id}"
        s3.put_object("quarantine", key, io.BytesIO(data), len(data))
        events.append(AttachmentUploaded(
            application_id=app_id, attachment_id=attachment_id, kind=kind, bucket="quarantine",
            object_key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            check_date=date.today()))
    return events


async def test_documents_sigterm_mid_uploads_drains_and_gives_each_file_one_true_verdict(
        stack, services) -> None:  # type: ignore[no-untyped-def]
    async with drain_run(stack, services, "documents") as run:
        events = _uploads(stack)
        attachments = [e.attachment_id for e in events]

        async def checked() -> int:
            return await run.conn.fetchval("SELECT count(*) FROM verdicts WHERE attachment_id = "
                                           "ANY($1)", attachments)

        drained = await run.burst_then_sigterm(ATTACHMENT_UPLOADED, events, checked,
                                               SIGNAL_AFTER, "verdicts")
        unpublished = await run.conn.fetchval("SELECT count(*) FROM outbox")
        assert unpublished == 0, "the outbox was not flushed"

        t_restart = run.restart_session()
        wanted = {str(a) for a in attachments}
        async with TopicReader(stack.kafka_bootstrap, ATTACHMENT_CHECKED.name) as reader:
            def ours(r: TopicReader) -> list[dict]:
                return [v for v in r.values() if v.get("attachment_id") in wanted]

            await reader.until(lambda r: {v["attachment_id"] for v in ours(r)} == wanted,
                               timeout=120, what="a verdict for every upload")
            t_done = time.monotonic()
            verdicts = ours(reader)
        codes = await run.conn.fetch("SELECT code, count(*) AS n FROM verdicts WHERE "
                                     "attachment_id = ANY($1) GROUP BY code", attachments)
        print(f"\ndocuments drain: idle replica stopped in {run.idle_drain_s:.2f}s; SIGTERM after "
              f"{SIGNAL_AFTER}+ verdicts → exit {drained.code} in {drained.took:.2f}s (shutdown "
              f"delay 1s included), {drained.at_exit} checked and {drained.committed} offsets "
              f"committed at exit, outbox left {unpublished}, group members left "
              f"{drained.members}; /readyz after the signal {drained.readiness}; next replica "
              f"ready and all {UPLOADS} verdicts on the wire {t_done - t_restart:.2f}s after the "
              f"restart; {len(verdicts)} verdict records")
        assert max(Counter(v["attachment_id"] for v in verdicts).values()) == 1, \
            "a verdict was published twice"
        assert {v["code"] for v in verdicts} == {"OK"}, "a check was cut off by the signal"
        assert {r["code"]: r["n"] for r in codes} == {"OK": UPLOADS}
