"""documents against the real broker, object store and database: hostile files get the right
verdict through the service, accepted files move (a repaired PDF as its conforming rewrite),
refused ones are purged after retention."""

import hashlib
import io
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import pikepdf
import pytest
from minio import Minio
from residency_contracts import AttachmentKind, AttachmentUploaded
from residency_contracts.topics import ATTACHMENT_CHECKED, ATTACHMENT_UPLOADED

from tests.helpers import TopicReader, publish
from tests.unit.documents import corpus

TODAY = date.today()
CASES = [
    ("good pdf", AttachmentKind.DOCUMENT, corpus.good_pdf, "OK"),
    ("good pdf, object streams", AttachmentKind.DOCUMENT,
     lambda: corpus.good_pdf(object_streams=True, pages=3), "OK"),
    ("rc4-40", AttachmentKind.DOCUMENT, lambda: corpus.pikepdf_encrypted(r=2, aes=False, user="u"),
     "PDF_ENCRYPTED"),
    ("rc4-128", AttachmentKind.DOCUMENT, lambda: corpus.pikepdf_encrypted(r=3, aes=False, user="u"),
     "PDF_ENCRYPTED"),
    ("aes-128", AttachmentKind.DOCUMENT, lambda: corpus.pikepdf_encrypted(r=4, aes=True, user="u"),
     "PDF_ENCRYPTED"),
    ("aes-256", AttachmentKind.DOCUMENT, lambda: corpus.pikepdf_encrypted(r=6, aes=True, user="u"),
     "PDF_ENCRYPTED"),
    ("printing forbidden", AttachmentKind.DOCUMENT,
     lambda: corpus.pikepdf_encrypted(r=6, aes=True, print_highres=False, print_lowres=False),
     "PDF_RESTRICTED"),
    ("copying forbidden", AttachmentKind.DOCUMENT,
     lambda: corpus.pikepdf_encrypted(r=6, aes=True, extract=False), "PDF_RESTRICTED"),
    ("cut in half", AttachmentKind.DOCUMENT, lambda: corpus.good_pdf()[:290], "PDF_MALFORMED"),
    # What every viewer opens: repaired, accepted, stored as the repaired copy (issue 13).
    ("xref and trailer cut off", AttachmentKind.DOCUMENT, lambda: corpus.good_pdf()[:-200], "OK"),
    ("broken xref", AttachmentKind.DOCUMENT, corpus.broken_xref_pdf, "OK"),
    ("xref entry at offset 0", AttachmentKind.DOCUMENT, corpus.xref_entry_at_offset_zero, "OK"),
    ("bytes after %%EOF", AttachmentKind.DOCUMENT,
     lambda: corpus.trailing_bytes(corpus.good_pdf(object_streams=True, pages=3)), "OK"),
    ("startxref off by 4", AttachmentKind.DOCUMENT, lambda: corpus.startxref_off(4), "OK"),
    ("scan with bytes after %%EOF", AttachmentKind.DOCUMENT,
     lambda: corpus.trailing_bytes(corpus.jpeg_image_pdf((300, 400))), "OK"),
    # Protected, or not decodable: refused.
    ("encrypted, allows everything", AttachmentKind.DOCUMENT,
     lambda: corpus.pikepdf_encrypted(r=6, aes=True), "PDF_ENCRYPTED"),
    ("encrypted, broken xref", AttachmentKind.DOCUMENT,
     lambda: corpus.broken_xref_pdf(7, corpus.pikepdf_encrypted(r=6, aes=True)), "PDF_ENCRYPTED"),
    ("undecodable page content", AttachmentKind.DOCUMENT, corpus.undecodable_content_pdf,
     "PDF_MALFORMED"),
    ("page content gone", AttachmentKind.DOCUMENT, corpus.content_gone_pdf, "PDF_MALFORMED"),
    ("image that is not an image", AttachmentKind.DOCUMENT,
     lambda: corpus.jpeg_image_pdf(data=b"These are words, not a JPEG."), "PDF_MALFORMED"),
    ("reference loop", AttachmentKind.DOCUMENT, corpus.reference_loop_pdf, "PDF_MALFORMED"),
    ("flate bomb", AttachmentKind.DOCUMENT, lambda: corpus.flate_bomb_pdf(300), "PDF_MALFORMED"),
    ("deep nesting", AttachmentKind.DOCUMENT, corpus.deeply_nested_pdf, "PDF_MALFORMED"),
    ("zip renamed .pdf", AttachmentKind.DOCUMENT, corpus.zip_bytes, "NOT_PDF"),
    ("good photo", AttachmentKind.PHOTO, corpus.jpeg, "OK"),
    *[(f"orientation {o}, stored {size}", AttachmentKind.PHOTO,
       lambda o=o, size=size: corpus.jpeg(size, orientation=o),
       "OK" if (size == (300, 400)) == (o <= 4) else "PHOTO_ASPECT")
      for o in range(1, 9) for size in ((300, 400), (400, 300))],
    ("landscape photo", AttachmentKind.PHOTO, lambda: corpus.jpeg((400, 300)), "PHOTO_ASPECT"),
    ("png renamed .jpg", AttachmentKind.PHOTO, corpus.png_bytes, "PHOTO_NOT_JPEG"),
    ("truncated jpeg", AttachmentKind.PHOTO,
     lambda: corpus.jpeg(noise=True)[:4000], "PHOTO_CORRUPT"),
    ("tiny photo", AttachmentKind.PHOTO, lambda: corpus.jpeg((150, 200)), "PHOTO_TOO_SMALL"),
    ("huge declared jpeg", AttachmentKind.PHOTO,
     lambda: corpus.with_declared_size(corpus.jpeg(), 65000, 65000), "PHOTO_TOO_LARGE"),
    ("photo taken 7 months ago", AttachmentKind.PHOTO,
     lambda: corpus.jpeg(taken=TODAY - timedelta(days=213)), "PHOTO_TOO_OLD"),
]


@pytest.fixture
async def documents(stack, service_env):  # type: ignore[no-untyped-def]
    service_env("documents")
    from residency_documents.app import create_app

    _, runtime = create_app()
    await runtime.start()
    yield runtime
    await runtime.stop()


def s3(stack) -> Minio:  # type: ignore[no-untyped-def]
    return Minio(stack.s3_endpoint, access_key=stack.s3_access_key,
                 secret_key=stack.s3_secret_key, secure=False)


def upload(stack, app_id: uuid.UUID, kind: AttachmentKind, data: bytes) -> AttachmentUploaded:  # type: ignore[no-untyped-def]
    attachment_id = uuid.uuid4()
    key = f"{app_id}/{attachment_id}"
    s3(stack).put_object("quarantine", key, io.BytesIO(data), len(data))
    return AttachmentUploaded(application_id=app_id, attachment_id=attachment_id, kind=kind,
                              bucket="quarantine", object_key=key, size=len(data),
                              sha256=hashlib.sha256(data).hexdigest(), check_date=TODAY)


async def test_every_hostile_file_gets_its_verdict_through_the_service(stack, documents) -> None:  # type: ignore[no-untyped-def]
    app_id = uuid.uuid4()
    events = [(label, upload(stack, app_id, kind, make()), code)
              for label, kind, make, code in CASES]
    started = time.monotonic()
    for _, event, _ in events:
        await publish(stack.kafka_bootstrap, ATTACHMENT_UPLOADED.name,
                      event.model_dump_json().encode(), str(app_id).encode())
    # the first event again: a redelivery must not produce a second verdict
    await publish(stack.kafka_bootstrap, ATTACHMENT_UPLOADED.name,
                  events[0][1].model_dump_json().encode(), str(app_id).encode())
    async with TopicReader(stack.kafka_bootstrap, ATTACHMENT_CHECKED.name) as reader:
        def mine(r: TopicReader) -> list[dict]:
            return [v for v in r.values() if v["application_id"] == str(app_id)]

        await reader.until(lambda r: len(mine(r)) >= len(CASES), timeout=60,
                           what="a verdict for every file")
        elapsed = time.monotonic() - started
        verdicts = {v["attachment_id"]: v for v in mine(reader)}
    print(f"\n{len(CASES)} files (incl. bombs) judged through the service in {elapsed:.2f}s")
    assert len(mine(reader)) == len(CASES)
    for label, event, code in events:
        verdict = verdicts[str(event.attachment_id)]
        assert verdict["code"] == code, label
        assert verdict["message_ja"] and verdict["message_en"]
        bucket = "accepted" if code == "OK" else "quarantine"
        assert verdict["bucket"] == bucket, label
        stored = read(stack, bucket, event.object_key)  # the file is where the verdict says
        assert verdict["sha256"] == hashlib.sha256(stored).hexdigest(), label
        if code == "OK" and event.kind is AttachmentKind.DOCUMENT:
            assert_conforming(stored, label)


def read(stack, bucket: str, key: str) -> bytes:  # type: ignore[no-untyped-def]
    response = s3(stack).get_object(bucket, key)
    try:
        return response.read()
    finally:
        response.close()
        response.release_conn()


def assert_conforming(stored: bytes, label: str) -> None:
    """What examiners receive opens in qpdf strictly (no repair), without a warning."""
    with pikepdf.open(io.BytesIO(stored), attempt_recovery=False) as pdf:
        assert len(pdf.pages) >= 1, label
        for page in pdf.pages:
            pikepdf.parse_content_stream(page)
        assert pdf.get_warnings() == [], label


async def test_a_repaired_pdf_is_stored_repaired_with_the_same_pages(stack, documents) -> None:  # type: ignore[no-untyped-def]
    app_id = uuid.uuid4()
    upload_bytes = corpus.trailing_bytes(corpus.good_pdf(object_streams=True, pages=3))
    event = upload(stack, app_id, AttachmentKind.DOCUMENT, upload_bytes)
    await publish(stack.kafka_bootstrap, ATTACHMENT_UPLOADED.name,
                  event.model_dump_json().encode(), str(app_id).encode())
    verdict = await verdict_for(stack, event)
    assert verdict["code"] == "OK" and verdict["bucket"] == "accepted"
    stored = read(stack, "accepted", event.object_key)
    assert stored != upload_bytes and not stored.endswith(upload_bytes[-100:])
    with pytest.raises(Exception, match="NoSuchKey|Not Found|does not exist"):
        s3(stack).stat_object("quarantine", event.object_key)  # the upload itself is gone
    with pikepdf.open(io.BytesIO(stored), attempt_recovery=False) as pdf:
        assert len(pdf.pages) == 3
        assert pdf.check_pdf_syntax() == []
    row = await documents.pool.fetchrow(
        "SELECT code, bucket, sha256 FROM verdicts WHERE attachment_id = $1", event.attachment_id)
    assert (row["code"], row["bucket"]) == ("OK", "accepted")
    assert row["sha256"] == hashlib.sha256(stored).hexdigest() == verdict["sha256"]


async def test_a_redelivery_after_the_repaired_copy_was_stored_accepts_it_again(  # type: ignore[no-untyped-def]
    stack, documents,
) -> None:
    """A crash after storing the repaired copy, before the verdict committed: the upload is
    gone, the accepted copy (whose digest is not the upload's) is the file, and is accepted."""
    from residency_documents.pdf_checks import check_pdf

    app_id = uuid.uuid4()
    upload_bytes = corpus.startxref_off(4)
    event = upload(stack, app_id, AttachmentKind.DOCUMENT, upload_bytes)
    repaired = check_pdf(upload_bytes).stored
    assert repaired is not None and repaired != upload_bytes
    s3(stack).put_object("accepted", event.object_key, io.BytesIO(repaired), len(repaired))
    s3(stack).remove_object("quarantine", event.object_key)
    await publish(stack.kafka_bootstrap, ATTACHMENT_UPLOADED.name,
                  event.model_dump_json().encode(), str(app_id).encode())
    verdict = await verdict_for(stack, event)
    assert (verdict["code"], verdict["bucket"]) == ("OK", "accepted")
    assert read(stack, "accepted", event.object_key) == repaired
    assert verdict["sha256"] == hashlib.sha256(repaired).hexdigest()


async def verdict_for(stack, event: AttachmentUploaded) -> dict:  # type: ignore[no-untyped-def]
    async with TopicReader(stack.kafka_bootstrap, ATTACHMENT_CHECKED.name) as reader:
        await reader.until(lambda r: any(v["attachment_id"] == str(event.attachment_id)
                                         for v in r.values()), what="the verdict")
        [verdict] = [v for v in reader.values() if v["attachment_id"] == str(event.attachment_id)]
    return verdict


async def test_a_file_that_changed_in_storage_is_refused(stack, documents) -> None:  # type: ignore[no-untyped-def]
    app_id = uuid.uuid4()
    event = upload(stack, app_id, AttachmentKind.DOCUMENT, corpus.good_pdf())
    tampered = event.model_copy(update={"sha256": "f" * 64})
    await publish(stack.kafka_bootstrap, ATTACHMENT_UPLOADED.name,
                  tampered.model_dump_json().encode(), str(app_id).encode())
    async with TopicReader(stack.kafka_bootstrap, ATTACHMENT_CHECKED.name) as reader:
        await reader.until(lambda r: any(v["attachment_id"] == str(event.attachment_id)
                                         for v in r.values()), what="the verdict")
        [verdict] = [v for v in reader.values() if v["attachment_id"] == str(event.attachment_id)]
    assert verdict["code"] == "CHECK_FAILED" and verdict["bucket"] == "quarantine"


async def test_refused_files_are_deleted_after_the_retention_period(stack, documents) -> None:  # type: ignore[no-untyped-def]
    from residency_documents import handlers

    app_id = uuid.uuid4()
    event = upload(stack, app_id, AttachmentKind.DOCUMENT, corpus.zip_bytes())
    await publish(stack.kafka_bootstrap, ATTACHMENT_UPLOADED.name,
                  event.model_dump_json().encode(), str(app_id).encode())
    async with TopicReader(stack.kafka_bootstrap, ATTACHMENT_CHECKED.name) as reader:
        await reader.until(lambda r: any(v["attachment_id"] == str(event.attachment_id)
                                         for v in r.values()), what="the verdict")
    store = documents_store(stack)
    now = datetime.now(UTC)
    assert await handlers.purge_rejected(documents.pool, store, now + timedelta(days=29),
                                         timedelta(days=30)) == 0
    s3(stack).stat_object("quarantine", event.object_key)
    assert await handlers.purge_rejected(documents.pool, store, now + timedelta(days=31),
                                         timedelta(days=30)) >= 1
    with pytest.raises(Exception, match="NoSuchKey|Not Found|does not exist"):
        s3(stack).stat_object("quarantine", event.object_key)
    purged = await documents.pool.fetchval(
        "SELECT purged_at FROM verdicts WHERE attachment_id = $1", event.attachment_id)
    assert purged is not None


def documents_store(stack):  # type: ignore[no-untyped-def]
    from residency_messaging.objectstore import ObjectStore

    return ObjectStore(stack.s3_endpoint, stack.s3_access_key, stack.s3_secret_key)
