"""Who sees what, for every read and write endpoint of applications, attachments, drafts,
requests and CESR receipts: staff their organization's, other filers their own, examiners
(read only) the filed applications of their bureau."""

import uuid

import httpx
import pytest
from residency_devstack import samples

from tests.e2e.applications_support import create, file, people


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


@pytest.fixture(scope="module")
async def apps(who):  # type: ignore[no-untyped-def]
    """A filed and a draft application of organization A, and a filed one of an individual."""
    filed = await create(who.staff_a, "WRK", samples.wrk_content())
    await file(who.staff_a, filed["id"])
    draft = await create(who.staff_a, "WRK", samples.wrk_content())
    mine = await create(who.individual, "WRK", samples.wrk_content())
    await file(who.individual, mine["id"])
    await who.db.execute("UPDATE applications SET cesr_number = $2, cesr_issued_at = now() "
                         "WHERE id = ANY($1::uuid[])", [filed["id"], mine["id"]], "CESR-TEST")
    return {"org": filed["id"], "draft": draft["id"], "individual": mine["id"]}


def reads(app_id: str) -> list[tuple[str, str]]:
    return [("GET", f"/applications/{app_id}"), ("GET", f"/applications/{app_id}/print")]


def writes(app_id: str) -> list[tuple[str, str, dict]]:
    return [
        ("POST", f"/applications/{app_id}/file", {}),
        ("POST", f"/applications/{app_id}/attachments?kind=photo",
         {"files": {"file": ("f.jpg", samples.jpeg_bytes(), "image/jpeg")}}),
        ("POST", f"/applications/{app_id}/reuse", {}),
        ("POST", f"/applications/{app_id}/receipt-method", {"json": {"receipt_method": "mail"}}),
        ("POST", f"/applications/{app_id}/cesr-receipt", {}),
    ]


async def listed(client: httpx.AsyncClient) -> set[str]:
    body = (await client.get("/applications", params={"per_page": 50})).json()
    return {row["id"] for row in body["items"]}


async def cesrs(client: httpx.AsyncClient) -> set[str]:
    return {row["application_id"] for row in (await client.get("/cesr-receipts")).json()}


async def test_staff_see_and_act_on_their_organizations_applications_only(who, apps) -> None:  # type: ignore[no-untyped-def]
    for method, path in reads(apps["org"]):
        assert (await who.staff_a2.request(method, path)).status_code == 200
    assert {apps["org"], apps["draft"]} <= await listed(who.staff_a2)
    assert apps["individual"] not in await listed(who.staff_a2)
    assert await cesrs(who.staff_a2) >= {apps["org"]}
    assert apps["individual"] not in await cesrs(who.staff_a2)
    for outsider in (who.staff_b, who.individual):
        for method, path in reads(apps["org"]):
            r = await outsider.request(method, path)
            assert r.status_code == 404 and r.json()["code"] == "APPLICATION_NOT_FOUND"
        for method, path, kw in writes(apps["org"]):
            r = await outsider.request(method, path, **kw)
            assert r.status_code == 404, (path, r.text)
        assert not {apps["org"], apps["draft"]} & await listed(outsider)
        assert apps["org"] not in await cesrs(outsider)
    # and a colleague may act on it
    r = await who.staff_a2.post(f"/applications/{apps['org']}/receipt-method",
                                json={"receipt_method": "counter", "counter_bureau": "東京"})
    assert r.status_code == 202, r.text


async def test_individuals_see_only_their_own(who, apps) -> None:  # type: ignore[no-untyped-def]
    for method, path in reads(apps["individual"]):
        assert (await who.individual.request(method, path)).status_code == 200
        assert (await who.individual2.request(method, path)).status_code == 404
        assert (await who.staff_a.request(method, path)).status_code == 404
    assert apps["individual"] in await listed(who.individual)
    assert await listed(who.individual2) == set()
    assert await cesrs(who.individual) == {apps["individual"]}
    for method, path, kw in writes(apps["individual"]):
        assert (await who.individual2.request(method, path, **kw)).status_code == 404
        assert (await who.staff_a.request(method, path, **kw)).status_code == 404


async def test_examiners_read_their_bureaus_filed_applications_and_write_nothing(
        who, apps) -> None:  # type: ignore[no-untyped-def]
    for app_id in (apps["org"], apps["individual"]):
        for method, path in reads(app_id):
            assert (await who.examiner.request(method, path)).status_code == 200
            assert (await who.examiner_osaka.request(method, path)).status_code == 404
    assert (await who.examiner.get(f"/applications/{apps['draft']}")).status_code == 404
    seen = await listed(who.examiner)
    assert {apps["org"], apps["individual"]} <= seen and apps["draft"] not in seen
    assert not {apps["org"], apps["individual"]} & await listed(who.examiner_osaka)
    draft_id = str(uuid.uuid4())
    for method, path, kw in [
        *writes(apps["org"]),
        ("POST", "/applications", {"json": {"procedure": "WRK",
                                            "content": samples.wrk_content()}}),
        ("PUT", "/drafts/WRK", {"json": {"content": {}}}), ("GET", "/drafts/WRK", {}),
        ("DELETE", "/drafts/WRK", {}), ("GET", "/cesr-receipts", {}),
        ("POST", f"/applications/from-draft/{draft_id}?procedure=WRK", {}),
    ]:
        r = await who.examiner.request(method, path, **kw)
        assert r.status_code == 403, (path, r.text)
        assert r.json()["code"] == "FORBIDDEN" and r.json()["message_ja"]


async def test_drafts_are_personal_even_within_an_organization(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_a.put("/drafts/CHG", json={"content": {"reason": "mine"}})
    assert r.status_code == 200, r.text
    draft_id = r.json()["id"]
    r = await who.staff_a2.get("/drafts/CHG")
    assert r.status_code == 404 and r.json()["code"] == "DRAFT_NOT_FOUND"
    r = await who.staff_a2.post(f"/applications/from-draft/{draft_id}",
                                params={"procedure": "CHG"})
    assert r.status_code == 404
    assert (await who.staff_a2.delete("/drafts/CHG")).status_code == 404
    assert (await who.staff_a.get("/drafts/CHG")).json()["content"] == {"reason": "mine"}


async def test_nothing_answers_without_a_login(services, apps) -> None:  # type: ignore[no-untyped-def]
    calls = [(m, p, {}) for m, p in reads(apps["org"])] + writes(apps["org"]) + [
        ("GET", "/applications", {}), ("GET", "/cesr-receipts", {}),
        ("POST", "/applications", {"json": {"procedure": "WRK", "content": {}}}),
        ("PUT", "/drafts/WRK", {"json": {"content": {}}}), ("GET", "/drafts/WRK", {}),
        ("DELETE", "/drafts/WRK", {}),
        ("POST", f"/applications/from-draft/{uuid.uuid4()}?procedure=WRK", {})]
    async with httpx.AsyncClient(base_url=services.intake_url, timeout=30) as anon:
        for method, path, kw in calls:
            r = await anon.request(method, path, **kw)
            assert r.status_code == 401 and r.json()["code"] == "UNAUTHENTICATED", path
