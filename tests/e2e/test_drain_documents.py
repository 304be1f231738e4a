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

import asyncpg
from minio import Minio
from residency_contracts import AttachmentKind, AttachmentUploaded, consumer_group
from residency_contracts.topics import ATTACHMENT_CHECKED, ATTACHMENT_UPLOADED
from residency_devstack.samples import jpeg_bytes, pdf_bytes

from tests.e2e.drain_support import Replica, committed_of, group_members, publish
from tests.helpers import TopicReader, wait_for

UPLOADS = 60
SIGNAL_AFTER = 15
GROUP = consumer_group("documents", ATTACHMENT_UPLOADED.name)


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
    session_documents = services.procs["documents"]
    t_stop = time.monotonic()
    assert session_documents.stop(30) == 0, session_documents.tail()
    idle_drain = time.monotonic() - t_stop
    replica = Replica(stack, "documents")
    events = _uploads(stack)
    attachments = [e.attachment_id for e in events]
    conn = await asyncpg.connect(stack.database_url("documents"))
    try:
        await replica.start()
        placed = await publish(stack.kafka_bootstrap, ATTACHMENT_UPLOADED.name, [
            (str(e.application_id).encode(), e.model_dump_json().encode()) for e in events])

        async def checked() -> int:
            return await conn.fetchval("SELECT count(*) FROM verdicts WHERE attachment_id = "
                                       "ANY($1)", attachments)

        async def enough() -> int:
            return n if (n := await checked()) >= SIGNAL_AFTER else 0

        await wait_for(enough, timeout=60, interval=0.01, what=f"{SIGNAL_AFTER} verdicts")
        draining = replica.terminate()
        code, took = await draining.exited()
        members = await group_members(stack.kafka_bootstrap, GROUP)
        at_exit = await checked()
        unpublished = await conn.fetchval("SELECT count(*) FROM outbox")
        committed = await committed_of(stack.kafka_bootstrap, GROUP, placed, ATTACHMENT_UPLOADED.name)
        assert code == 0, replica.proc.tail()
        draining.assert_not_ready_at_once()
        assert at_exit < UPLOADS, "the uploads were all checked before the signal"
        assert committed == at_exit, "the offsets of the checked files were not all committed"
        assert unpublished == 0, "the outbox was not flushed"
        assert members == 0, "the stopped consumer did not leave its group"

        t_restart = time.monotonic()
        session_documents.start()
        session_documents.wait_ready(60)
        wanted = {str(a) for a in attachments}
        async with TopicReader(stack.kafka_bootstrap, ATTACHMENT_CHECKED.name) as reader:
            def ours(r: TopicReader) -> list[dict]:
                return [v for v in r.values() if v.get("attachment_id") in wanted]

            await reader.until(lambda r: {v["attachment_id"] for v in ours(r)} == wanted,
                               timeout=120, what="a verdict for every upload")
            t_done = time.monotonic()
            verdicts = ours(reader)
        codes = await conn.fetch("SELECT code, count(*) AS n FROM verdicts WHERE attachment_id "
                                 "= ANY($1) GROUP BY code", attachments)
        print(f"\ndocuments drain: idle replica stopped in {idle_drain:.2f}s; SIGTERM after "
              f"{SIGNAL_AFTER}+ verdicts → exit {code} in {took:.2f}s (shutdown delay 1s "
              f"included), {at_exit} checked and {committed} offsets committed at exit, outbox "
              f"left {unpublished}, group members left {members}; /readyz after the signal "
              f"{draining.readiness}; next replica ready and all {UPLOADS} verdicts on the wire "
              f"{t_done - t_restart:.2f}s after the restart; {len(verdicts)} verdict records")
        assert max(Counter(v["attachment_id"] for v in verdicts).values()) == 1, \
            "a verdict was published twice"
        assert {v["code"] for v in verdicts} == {"OK"}, "a check was cut off by the signal"
        assert {r["code"]: r["n"] for r in codes} == {"OK": UPLOADS}
    finally:
        await conn.close()
        replica.kill()
        if not session_documents.alive():
            session_documents.start()
        session_documents.wait_ready(60)
