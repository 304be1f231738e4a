"""Bulk use cases against the real database with an explicit clock: per-row verdicts and
fixes, replace and resume (the replaced rows' files deleted from the real object store),
all-or-nothing filing, and repeated filing requests."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from minio.commonconfig import CopySource
from minio.error import S3Error
from residency_contracts import AttachmentChecked, AttachmentKind, Procedure, VerdictCode
from residency_devstack import samples
from residency_devstack.s3 import s3_client
from residency_intake import applications, consumers, purge
from residency_intake.accounts.sessions import Principal
from residency_intake.bulk import filing, service, templates
from residency_intake.errors import ApiError
from residency_intake.settings import IntakeSettings
from residency_intake.views import NewApplication
from residency_messaging.objectstore import ObjectStore

from tests.integration.intake_http import own_intake_database
from tests.integration.intake_kit import staff_principal

SECRET = "integration-secret"
EXT = Procedure.EXT
NOW = datetime.fromisoformat("2026-11-20T10:00:00+09:00").astimezone(UTC)
SETTINGS = IntakeSettings(hash_secret="x", database_url="postgresql://unused",  # type: ignore[call-arg,arg-type]
                          s3_access_key="x", s3_secret_key="x", mail_sealing_key="x")


async def staff(pool) -> Principal:  # type: ignore[no-untyped-def]
    return await staff_principal(pool, "bulk")


def people(n: int) -> list[dict[str, str]]:
    return [templates.cells_of(EXT, samples.ext_content()) for _ in range(n)]


async def _body(data: bytes) -> AsyncIterator[bytes]:
    yield data


def multipart(data: bytes) -> tuple[str, AsyncIterator[bytes]]:
    b = "bulkboundary42"
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return f"multipart/form-data; boundary={b}", _body(body)


async def upload(pool, who, cells: list[dict[str, str]], now: datetime = NOW):  # type: ignore[no-untyped-def]
    ctype, body = multipart(templates.to_csv(EXT, cells))
    return await service.upload(pool, SETTINGS, who, EXT, ctype, body, now)


async def photos(pool, upload_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    await pool.execute(
        "INSERT INTO attachments (id, application_id, kind, size, sha256, bucket, object_key, "
        "code) SELECT gen_random_uuid(), application_id, 'photo', 1, 'x', 'accepted', 'k', 'OK' "
        "FROM bulk_rows WHERE upload_id = $1", upload_id)


async def refusal(call) -> ApiError:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiError) as info:
        await call
    return info.value


async def states(pool, upload_id: uuid.UUID) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["state"] for r in await pool.fetch(
        "SELECT a.state FROM bulk_rows r JOIN applications a ON a.id = r.application_id "
        "WHERE r.upload_id = $1 ORDER BY r.n", upload_id)]


async def test_each_row_gets_its_verdict_and_a_fixed_row_becomes_ok(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    cells = people(3)
    cells[1] |= {"identity.sex": "X", "reason": ""}
    view = await upload(pool, who, cells)
    assert [(r.row, r.status, r.status_ja) for r in view.rows] == [
        (1, "ok", "正常"), (2, "needs_checking", "要確認"), (3, "ok", "正常")]
    assert {(e.field, e.code) for e in view.rows[1].errors} == {
        ("identity.sex", "LITERAL_ERROR"), ("reason", "MISSING")}
    assert (view.count, view.ok, view.needs_checking, view.replaced_previous) == (3, 2, 1, False)
    assert view.rows[0].attachment_errors[0].code == "PHOTO_REQUIRED" and not view.ready_to_file
    err = await refusal(filing.file_all(pool, who, EXT, NOW, SECRET))
    assert err.status == 409 and err.body.code == "BULK_ROWS_NEED_CHECKING"
    assert [e.field for e in err.body.errors] == ["rows[2]"]
    half = await service.fix_row(pool, who, EXT, 2, {"identity.sex": "F"}, NOW)
    assert half.status == "needs_checking" and [e.field for e in half.errors] == ["reason"]
    fixed = await service.fix_row(pool, who, EXT, 2, {"reason": "Studies."}, NOW)
    assert fixed.status == "ok" and fixed.errors == [] and fixed.cells["identity.sex"] == "F"
    unknown = await refusal(service.fix_row(pool, who, EXT, 2, {"nope": "x"}, NOW))
    assert unknown.status == 422 and unknown.body.errors[0].field == "cells.nope"
    content = await pool.fetchval("SELECT content FROM applications WHERE id = $1",
                                  fixed.application_id)
    assert '"F"' in content


async def test_a_new_upload_replaces_the_last_one_which_can_be_resumed(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    first = await upload(pool, who, people(2))
    resumed = await service.current(pool, who, EXT)
    assert resumed.upload_id == first.upload_id and resumed.count == 2
    await photos(pool, first.upload_id)
    second = await upload(pool, who, people(1))
    assert second.replaced_previous and second.upload_id != first.upload_id
    assert (await service.current(pool, who, EXT)).upload_id == second.upload_id
    old_apps = [r.application_id for r in first.rows]
    assert await pool.fetchval("SELECT count(*) FROM applications WHERE id = ANY($1::uuid[])",
                               old_apps) == 0
    assert await pool.fetchval("SELECT count(*) FROM bulk_rows WHERE upload_id = $1",
                               first.upload_id) == 0
    other = await staff(pool)  # another organization sees nothing of it
    assert (await refusal(service.current(pool, other, EXT))).body.code == "BULK_NOT_FOUND"


async def test_filing_is_all_or_nothing_when_a_row_is_refused_inside_it(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    cells = people(3)
    taken = samples.ext_content(passport_number=cells[1]["identity.passport_number"])
    single = await applications.create(pool, who, NewApplication(procedure=EXT, content=taken),
                                       NOW)
    await pool.execute(
        "INSERT INTO attachments (id, application_id, kind, size, sha256, bucket, object_key, "
        "code) VALUES ($1, $2, 'photo', 1, 'x', 'accepted', 'k', 'OK')", uuid.uuid4(), single)
    await applications.file(pool, who, single, NOW, SECRET)  # row 2's person is now live
    view = await upload(pool, who, cells)
    assert view.ok == 3
    missing = await refusal(filing.file_all(pool, who, EXT, NOW, SECRET))
    assert missing.body.code == "CANNOT_FILE"
    assert missing.body.errors[0].field == "rows[1].attachments"
    await photos(pool, view.upload_id)
    err = await refusal(filing.file_all(pool, who, EXT, NOW, SECRET))
    assert err.status == 409 and err.body.code == "DUPLICATE_LIVE_APPLICATION"
    assert err.body.errors[0].field == "rows[2].content.identity"
    assert await states(pool, view.upload_id) == ["draft", "draft", "draft"]
    assert await pool.fetchval("SELECT count(*) FROM applications WHERE bulk_id = $1 AND "
                               "(reference_number IS NOT NULL OR parent_id IS NOT NULL)",
                               view.upload_id) == 0
    head = await pool.fetchrow("SELECT * FROM bulk_uploads WHERE id = $1", view.upload_id)
    assert head["state"] == "open" and head["bulk_number"] is None
    await service.fix_row(pool, who, EXT, 2, {"identity.passport_number": "TE7654321"}, NOW)
    filed = await filing.file_all(pool, who, EXT, NOW, SECRET)
    assert filed.count == 3 and filed.bulk_number.startswith("一括東26")
    assert len(filed.bulk_number) == len("一括東26") + 6
    assert await states(pool, view.upload_id) == ["submitted"] * 3


async def test_sending_the_same_filing_again_files_nothing_twice(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    cells = people(2)
    cells[0] |= {"ACT.current_activity": "Sample University", "ACT.workplace": "SAMPLE CAFE",
                 "ACT.job_type": "restaurant", "ACT.weekly_hours": "20",
                 "ACT.monthly_pay": "80000"}
    view = await upload(pool, who, cells)
    await photos(pool, view.upload_id)
    key = f"k-{who.user_id}"
    first = await filing.file_all(pool, who, EXT, NOW, SECRET, idempotency_key=key)
    again = await filing.file_all(pool, who, EXT, NOW, SECRET)
    assert again == first
    err = await refusal(service.fix_row(pool, who, EXT, 1, {"reason": "x"}, NOW))
    assert err.status == 409 and err.body.code == "BULK_ALREADY_FILED"
    await upload(pool, who, people(1))  # a later upload does not undo the filed one
    replay = await filing.file_all(pool, who, EXT, NOW, SECRET, idempotency_key=key)
    assert replay == first
    assert await pool.fetchval(
        "SELECT count(*) FROM applications WHERE bulk_id = $1 AND state = 'submitted'",
        view.upload_id) == 3  # two rows and one simultaneous ACT
    child = await pool.fetchrow("SELECT * FROM applications WHERE bulk_id = $1 AND "
                                "parent_id IS NOT NULL", view.upload_id)
    assert child["procedure"] == "ACT" and child["reference_number"]
    single = await refusal(applications.file(pool, who, first.applications[0].application_id,
                                             NOW, SECRET))
    assert single.status == 409


async def test_a_bulk_row_cannot_be_filed_as_a_single_application(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    view = await upload(pool, who, people(1))
    err = await refusal(applications.file(pool, who, view.rows[0].application_id, NOW, SECRET))
    assert err.status == 409 and err.body.code == "FILE_AS_BULK"


def _stored(s3, bucket: str, key: str) -> bool:  # type: ignore[no-untyped-def]
    try:
        s3.stat_object(bucket, key)
        return True
    except S3Error as exc:
        assert exc.code == "NoSuchKey", exc
        return False


@pytest.fixture
async def own_pool(stack, sealer) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    """An intake database of this test's own: no intake process relays its outbox, so the
    real documents service (running on this stack for the e2e tests) never races the
    documents simulated here."""
    async with own_intake_database(stack, sealer, "purge") as pool:
        yield pool


async def test_a_replaced_upload_leaves_no_files_behind_in_the_object_store(
        own_pool, stack) -> None:  # type: ignore[no-untyped-def]
    pool = own_pool
    s3 = s3_client(stack.s3_endpoint, stack.credentials)
    store = ObjectStore(stack.s3_endpoint, stack.s3_access_key, stack.s3_secret_key)
    who = await staff(pool)
    clock = datetime.now(UTC)  # its own clock: other tests' purges stay out of the way
    first = await upload(pool, who, people(3), clock)
    files = []
    for n in (1, 2, 3):
        ctype, body = multipart(samples.jpeg_bytes())
        files.append(await service.attach(pool, store, SETTINGS, who, EXT, n,
                                          AttachmentKind.PHOTO, ctype, body, clock))
    keys = [f"{row.application_id}/{f.id}" for row, f in zip(first.rows, files, strict=True)]
    assert all(_stored(s3, "quarantine", k) for k in keys)

    async def documents_accepts(n: int) -> None:  # what documents does with a good photo
        key = keys[n - 1]
        s3.copy_object("accepted", key, CopySource("quarantine", key))
        s3.remove_object("quarantine", key)
        await consumers.attachment_checked(pool, AttachmentChecked(
            application_id=first.rows[n - 1].application_id, attachment_id=files[n - 1].id,
            kind=AttachmentKind.PHOTO, code=VerdictCode.OK, message_ja="OK", message_en="OK",
            bucket="accepted", object_key=key, sha256="x"))

    await documents_accepts(1)  # row 1 checked before the new upload
    second = await upload(pool, who, people(1), clock)
    assert second.replaced_previous and (await service.current(pool, who, EXT)).count == 1
    assert await pool.fetchval("SELECT count(*) FROM attachments WHERE id = ANY($1::uuid[])",
                               [f.id for f in files]) == 0
    await documents_accepts(2)  # row 2's verdict arrives after it was forgotten
    grace = timedelta(hours=1)
    await purge.purge_due(pool, store, "quarantine", clock, grace)
    assert not any(_stored(s3, b, k) for b in ("quarantine", "accepted") for k in keys[:2])
    assert _stored(s3, "quarantine", keys[2])  # row 3: still being checked, kept a while
    await purge.purge_due(pool, store, "quarantine", clock + grace * 2, grace)
    assert not _stored(s3, "quarantine", keys[2])
    assert await pool.fetchval("SELECT count(*) FROM object_purges WHERE "
                               "attachment_id = ANY($1::uuid[])", [f.id for f in files]) == 0
