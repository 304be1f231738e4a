"""An examiner opens the files of an application of their bureau, as the documents service
accepted them (a PDF with bytes after %%EOF comes back repaired, strictly conforming); the
filer checks their own the same way; another bureau finds nothing. Whole stack as processes."""

import io
import uuid

import pikepdf
import pytest
from residency_devstack.samples import ext_content, jpeg_bytes

from tests.e2e.applications_support import create, file, people
from tests.helpers import wait_for
from tests.unit.documents import corpus


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


async def test_the_examiner_downloads_the_repaired_pdf_and_the_photo(who) -> None:  # type: ignore[no-untyped-def]
    app = await create(who.staff_a, "EXT", ext_content(
        notification_email=f"e-{uuid.uuid4().hex[:6]}@example.com"))
    upload = corpus.trailing_bytes(corpus.good_pdf(object_streams=True, pages=3))
    photo = jpeg_bytes()
    for kind, name, data in (("document", "scan.pdf", upload), ("photo", "face.jpg", photo)):
        r = await who.staff_a.post(f"/applications/{app['id']}/attachments",
                                   params={"kind": kind}, files={"file": (name, data)})
        assert r.status_code == 202, r.text

    async def checked() -> list[dict[str, object]]:
        files = (await who.staff_a.get(f"/applications/{app['id']}")).json()["attachments"]
        return files if len(files) == 2 and all(f["code"] for f in files) else []

    files = {f["kind"]: f for f in await wait_for(checked, timeout=60, what="verdicts")}
    assert [files[k]["code"] for k in ("document", "photo")] == ["OK", "OK"]
    filed = await file(who.staff_a, app["id"])

    base = f"/examiner/applications/{app['id']}/attachments"
    r = await who.examiner.get(f"{base}/{files['document']['id']}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("attachment;")
    assert filed["reference_number"] in r.headers["content-disposition"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert r.content != upload  # the repaired copy documents stored
    with pikepdf.open(io.BytesIO(r.content), attempt_recovery=False) as pdf:
        assert len(pdf.pages) == 3 and pdf.check_pdf_syntax() == []

    r = await who.examiner.get(f"{base}/{files['photo']['id']}")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    assert r.content[:2] == b"\xff\xd8"

    mine = await who.staff_a.get(f"/applications/{app['id']}/attachments/"
                                 f"{files['photo']['id']}")
    assert mine.status_code == 200 and mine.content == r.content

    r = await who.examiner_osaka.get(f"{base}/{files['document']['id']}")
    assert r.status_code == 404 and r.json()["code"] == "APPLICATION_NOT_FOUND"
    r = await who.staff_b.get(f"/applications/{app['id']}/attachments/"
                              f"{files['photo']['id']}")
    assert r.status_code == 404 and r.json()["code"] == "APPLICATION_NOT_FOUND"
