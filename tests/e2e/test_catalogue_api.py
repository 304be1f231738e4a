"""The procedure catalogue over HTTP on the real stack: search, detail, files, favorites,
intake windows, and a 4xx with a field for every bad input."""

import asyncio
import os
import subprocess
import uuid

import httpx
import pytest

from tests.e2e.conftest import BIN, STAFF_PASSWORD


@pytest.fixture
async def anon(services):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=services.intake_url, timeout=30) as c:
        yield c


def create_staff(services) -> str:  # type: ignore[no-untyped-def]
    login = f"cat-{uuid.uuid4().hex[:10]}"
    env = os.environ | services.env["intake"] | {"RESIDENCY_STAFF_PASSWORD": STAFF_PASSWORD}
    subprocess.run([str(BIN / "residency-create-staff"), "--login-id", login,
                    "--email", f"{login}@example.ac.jp", "--organization", f"Uni {login}"],
                   env=env, check=True, timeout=60, capture_output=True)
    return login


async def staff_client(services) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    """A new staff account of a new organization, logged in."""
    login = await asyncio.to_thread(create_staff, services)
    client = httpx.AsyncClient(base_url=services.intake_url, timeout=30)
    r = await client.post("/auth/token", json={"login_id": login, "password": STAFF_PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return client


def codes(r: httpx.Response) -> list[str]:
    assert r.status_code == 200, r.text
    return [p["code"] for p in r.json()["items"]]


def field_error(r: httpx.Response, status: int = 422) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] and body["message_ja"] and body["message_en"]
    [err] = body["errors"]
    assert err["message_ja"] and err["message_en"]
    return dict(err)


async def test_the_public_list_shows_every_procedure_newest_reception_first(anon) -> None:  # type: ignore[no-untyped-def]
    r = await anon.get("/procedures")
    body = r.json()
    assert body["total"] == 10 and body["page"] == 1 and body["per_page"] == 10
    assert codes(r)[:4] == ["COE", "ACQ", "CHG", "EXT"]
    assert all(p["reception_open"] for p in body["items"])
    assert codes(await anon.get("/procedures", params={"sort": "code", "order": "asc"}))[:3] \
        == ["ACQ", "ACT", "CHG"]


async def test_every_keyword_must_match_and_synonyms_widen_only_on_request(anon) -> None:  # type: ignore[no-untyped-def]
    assert codes(await anon.get("/procedures", params={"q": "在留期間 更新"})) == ["EXT"]
    assert codes(await anon.get("/procedures", params={"q": "在留期間 ペンギン"})) == []
    assert codes(await anon.get("/procedures", params={"q": "ＰＥＲＩＯＤ\u3000ｏｆ ＳＴＡＹ"})) == ["EXT"]
    assert codes(await anon.get("/procedures", params={"q": "coe"})) == []
    assert codes(await anon.get("/procedures", params={"q": "coe", "synonyms": "true"})) \
        == ["COE"]
    assert codes(await anon.get("/procedures", params={"q": "renewal"})) == []
    assert "EXT" in codes(await anon.get("/procedures",
                                         params={"q": "renewal", "synonyms": "true"}))


async def test_paging_is_bounded_and_bad_paging_names_the_field(anon) -> None:  # type: ignore[no-untyped-def]
    past = await anon.get("/procedures", params={"page": 2})
    assert codes(past) == [] and past.json()["total"] == 10 and past.json()["pages"] == 1
    assert len(codes(await anon.get("/procedures", params={"per_page": 20}))) == 10
    err = field_error(await anon.get("/procedures", params={"per_page": 15}))
    assert err["field"] == "per_page" and err["code"] == "PER_PAGE_CHOICE"
    assert field_error(await anon.get("/procedures", params={"page": 0}))["field"] == "page"
    assert field_error(await anon.get("/procedures", params={"page": "x"}))["field"] == "page"
    assert field_error(await anon.get("/procedures", params={"sort": "x"}))["field"] == "sort"
    assert field_error(await anon.get("/procedures", params={"q": "a" * 201}))["field"] == "q"


async def test_a_procedures_detail_and_files_can_be_read(anon) -> None:  # type: ignore[no-untyped-def]
    r = await anon.get("/procedures/wrk")
    assert r.status_code == 200, r.text
    wrk = r.json()
    assert wrk["code"] == "WRK" and wrk["name_ja"] == "就労資格証明書交付申請"
    assert wrk["contact"]["phone"] == "0570-013904" and wrk["filed_with"] == ["CHG", "EXT", "ACQ"]
    assert wrk["reception_end"] is None and wrk["description_en"]
    [scope] = wrk["files"]
    got = await anon.get(scope["url"])
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/plain")
    assert "短期滞在" in got.text and "attachment" in got.headers["content-disposition"]
    use = (await anon.get("/procedures/USE")).json()
    assert use["filers"] == ["organization_staff"]


async def test_unknown_procedures_and_files_answer_404_with_a_code(anon) -> None:  # type: ignore[no-untyped-def]
    err = field_error(await anon.get("/procedures/XYZ"), 404)
    assert err["code"] == "PROCEDURE_NOT_FOUND" and err["field"] == "code"
    err = field_error(await anon.get("/procedures/EXT/files/passwd"), 404)
    assert err["code"] == "FILE_NOT_FOUND" and err["field"] == "name"
    err = field_error(await anon.get("/procedures/USE/files/eligible-statuses.txt"), 404)
    assert err["code"] == "FILE_NOT_FOUND"  # shipped, but not one of USE's files
    assert (await anon.put("/procedures/EXT/favorite")).status_code == 401


async def test_favorites_belong_to_each_user_alone(services) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await staff_client(services), await staff_client(services)
    try:
        for code in ("COE", "ext", "COE"):  # twice is still one favorite
            assert (await alice.put(f"/procedures/{code}/favorite")).status_code == 204
        assert (await bob.put("/procedures/CHG/favorite")).status_code == 204
        mine = await alice.get("/procedures/favorites")
        assert [p["code"] for p in mine.json()] == ["EXT", "COE"]
        assert [p["code"] for p in (await bob.get("/procedures/favorites")).json()] == ["CHG"]
        assert (await alice.delete("/procedures/COE/favorite")).status_code == 204
        assert (await alice.delete("/procedures/COE/favorite")).status_code == 204
        assert [p["code"] for p in (await alice.get("/procedures/favorites")).json()] == ["EXT"]
        err = field_error(await alice.put("/procedures/NOPE/favorite"), 404)
        assert err["code"] == "PROCEDURE_NOT_FOUND"
    finally:
        await alice.aclose()
        await bob.aclose()


async def test_staff_set_their_organizations_intake_windows(services, anon) -> None:  # type: ignore[no-untyped-def]
    uni, other = await staff_client(services), await staff_client(services)
    try:
        windows = [{"start": "2027-01-10", "end": "2027-01-20"}]
        r = await uni.put("/organizations/me/intake-windows/COE", json={"windows": windows})
        assert r.status_code == 200, r.text
        assert r.json() == {"procedure": "COE", "windows": windows}
        assert (await uni.get("/organizations/me/intake-windows/COE")).json()["windows"] \
            == windows
        assert (await other.get("/organizations/me/intake-windows/COE")).json()["windows"] == []
        bad = [{"start": "2027-02-02", "end": "2027-02-01"}]
        err = field_error(await uni.put("/organizations/me/intake-windows/COE",
                                        json={"windows": bad}))
        assert err["field"] == "windows.0.end" and err["code"] == "WINDOW_ENDS_BEFORE_START"
        err = field_error(await uni.put("/organizations/me/intake-windows/COE",
                                        json={"windows": [{"start": "x", "end": "2027-01-01"}]}))
        assert err["field"] == "windows.0.start"
        err = field_error(await uni.put("/organizations/me/intake-windows/USE",
                                        json={"windows": windows}))
        assert err["code"] == "WINDOW_NOT_APPLICABLE"
        assert (await uni.get("/organizations/me/intake-windows/COE")).json()["windows"] \
            == windows  # refused changes wrote nothing
        r = await anon.get("/organizations/me/intake-windows/COE")
        assert r.status_code == 401
    finally:
        await uni.aclose()
        await other.aclose()
