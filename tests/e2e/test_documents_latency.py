"""The uploader sees each verdict on the application shortly after the upload (figure printed,
no threshold: these machines are noisy)."""

import statistics
import time
from collections.abc import AsyncIterator

import pytest
from residency_devstack.samples import ext_content, jpeg_bytes, pdf_bytes

from tests.e2e.applications_support import People, create, people
from tests.helpers import wait_for

UPLOADS = 10


@pytest.fixture
async def everyone(services, stack) -> AsyncIterator[People]:  # type: ignore[no-untyped-def]
    async for crowd in people(services.intake_url, stack.database_url("intake")):
        yield crowd


async def test_each_upload_shows_its_verdict_on_the_application(everyone: People) -> None:
    client = everyone.staff_a
    app_id = (await create(client, "EXT", ext_content()))["id"]
    waits = []
    for i in range(UPLOADS):
        kind, data = ("photo", jpeg_bytes()) if i % 2 else ("document", pdf_bytes())
        started = time.monotonic()
        r = await client.post(f"/applications/{app_id}/attachments", params={"kind": kind},
                              files={"file": (f"f{i}", data, "application/octet-stream")})
        assert r.status_code == 202, r.text
        attachment_id = r.json()["id"]

        async def verdict(attachment_id: str = attachment_id) -> str | None:
            files = (await client.get(f"/applications/{app_id}")).json()["attachments"]
            return next((f["code"] for f in files if f["id"] == attachment_id and f["code"]),
                        None)

        assert await wait_for(verdict, interval=0.02, what="the verdict") == "OK"
        waits.append(time.monotonic() - started)
    print(f"\nupload → verdict on the application: p50 {statistics.median(waits):.2f}s, "
          f"max {max(waits):.2f}s over {UPLOADS} uploads")
