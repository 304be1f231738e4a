"""Bulk filing's downstream half: examination SIGKILLed while working through one bulk
filing; every applicant still gets exactly one provisional receipt number email."""

import uuid
from collections import Counter
from collections.abc import AsyncIterator

import asyncpg
import pytest
from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake.bulk import templates

from tests.e2e.applications_support import People, people
from tests.helpers import mails, wait_for

ROWS = 60
KILL_AFTER = 10


@pytest.fixture
async def folks(services, stack) -> AsyncIterator[People]:  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


async def test_examination_killed_mid_bulk_still_numbers_every_applicant_once(
        folks: People, services, stack) -> None:  # type: ignore[no-untyped-def]
    staff, tag = folks.staff_b, uuid.uuid4().hex[:8]
    cells = [templates.cells_of(Procedure.EXT, samples.ext_content(
        notification_email=f"bulkx-{tag}-{i}@example.com")) for i in range(ROWS)]
    r = await staff.post("/bulk/EXT", files={"file": ("b.csv", templates.to_csv(
        Procedure.EXT, cells), "text/csv")})
    assert r.status_code == 201 and r.json()["ok"] == ROWS, r.text
    upload_id = r.json()["upload_id"]
    await folks.db.execute(  # accepted photos, as documents would record them
        "INSERT INTO attachments (id, application_id, kind, size, sha256, bucket, object_key, "
        "code) SELECT gen_random_uuid(), application_id, 'photo', 1, 'x', 'accepted', 'k', "
        "'OK' FROM bulk_rows WHERE upload_id = $1", uuid.UUID(upload_id))
    filed = await staff.post("/bulk/EXT/file")
    assert filed.status_code == 200 and filed.json()["count"] == ROWS, filed.text
    apps = [uuid.UUID(a["application_id"]) for a in filed.json()["applications"]]
    examination = services.procs["examination"]
    conn = await asyncpg.connect(stack.database_url("examination"))
    try:
        async def started() -> int:
            n = await conn.fetchval("SELECT count(*) FROM applications WHERE id = ANY($1)", apps)
            return n if n >= KILL_AFTER else 0

        await wait_for(started, timeout=60, interval=0.01, what="examination under way")
        examination.kill()
        at_kill = await conn.fetchval("SELECT count(*) FROM applications WHERE id = ANY($1)",
                                      apps)
        examination.start()
        examination.wait_ready(60)
    finally:
        await conn.close()
    assert at_kill < ROWS, "examination finished before the kill: nothing was tested"

    async def every_applicant() -> Counter[str]:
        got: Counter[str] = Counter()
        for m in await mails(stack.mail_api_url):
            if "受付仮番号" in m["subject"]:
                got.update(t for t in m["to"] if t.startswith(f"bulkx-{tag}-"))
        return got if len(got) == ROWS else Counter()

    counts = await wait_for(every_applicant, timeout=120, interval=0.5,
                            what="a provisional number email for every applicant")
    assert set(counts.values()) == {1}
