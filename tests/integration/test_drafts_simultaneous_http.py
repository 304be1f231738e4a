"""A draft keeps the simultaneous REE/ACT/WRK applications of its form (PUT/GET /drafts), checked
like its content (formats only, the combination of procedures); starting an application from
the draft starts them too, and reusing an earlier application brings them back. Over HTTP,
intake in process on the real database."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from residency_devstack import samples
from residency_intake.accounts.seed import create_staff

from tests.integration.intake_http import app_with, client, intake_settings

PASSWORD = "Integration-Pass1!"
COPY_ALL = {"personal_items": True, "legal_representative": True, "agent": True}
NO_COPY = {"personal_items": False, "legal_representative": False, "agent": False}


@pytest.fixture
async def http(stack, pool, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
               ) -> AsyncIterator[httpx.AsyncClient]:
    tag = uuid.uuid4().hex[:8]
    await create_staff(pool, login_id=f"drafts-{tag}", email=f"{tag}@example.ac.jp",
                       password=PASSWORD, organization=f"Drafts Univ {tag}")
    async with client(app_with(intake_settings(stack, monkeypatch)), pool) as c:
        r = await c.post("/auth/token", json={"login_id": f"drafts-{tag}", "password": PASSWORD})
        assert r.status_code == 200, r.text
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        yield c


def codes(r: httpx.Response) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in r.json()["errors"]}


async def test_a_draft_saves_and_loads_its_simultaneous_applications(http) -> None:  # type: ignore[no-untyped-def]
    simultaneous: list[dict[str, Any]] = [
        {"procedure": "REE", "content": {"permit_type": "single"}, "copy": COPY_ALL},
        {"procedure": "WRK", "content": {}, "copy": NO_COPY}]  # partial: required ones empty
    r = await http.put("/drafts/EXT", json={"content": {"reason": "Half done."},
                                            "simultaneous": simultaneous})
    assert r.status_code == 200, r.text
    assert r.json()["simultaneous"] == simultaneous
    loaded = (await http.get("/drafts/EXT")).json()
    assert loaded["content"] == {"reason": "Half done."}
    assert loaded["simultaneous"] == simultaneous

    # Saving the form without them (none ticked any more) drops them.
    r = await http.put("/drafts/EXT", json={"content": {"reason": "Half done."}})
    assert r.status_code == 200 and r.json()["simultaneous"] == []
    assert (await http.get("/drafts/EXT")).json()["simultaneous"] == []


async def test_a_drafts_simultaneous_part_is_checked_like_its_content(http) -> None:  # type: ignore[no-untyped-def]
    kept = [{"procedure": "ACT", "content": {"weekly_hours": 20}, "copy": NO_COPY}]
    assert (await http.put("/drafts/CHG", json={"content": {}, "simultaneous": kept})
            ).status_code == 200

    def save(procedure: str, content: dict[str, Any], *sims: dict[str, Any]) -> Any:
        return http.put(f"/drafts/{procedure}", json={"content": content,
                                                      "simultaneous": list(sims)})

    r = await save("CHG", {}, {"procedure": "ACT", "content": {"weekly_hours": "many",
                                                               "workplace": "x" * 500}})
    assert r.status_code == 422
    assert codes(r) == {("simultaneous[0].content.weekly_hours", "INT_PARSING"),
                        ("simultaneous[0].content.workplace", "STRING_TOO_LONG")}
    assert r.json()["errors"][0]["message_ja"] and r.json()["errors"][0]["message_en"]
    r = await save("CHG", {}, {"procedure": "REE", "content": {"colour": "blue"}},
                   {"procedure": "REE", "content": {}})
    assert r.status_code == 422
    assert codes(r) == {("simultaneous[0].content.colour", "EXTRA_FORBIDDEN"),
                        ("simultaneous[1].procedure", "SIMULTANEOUS_DUPLICATE")}
    r = await save("CHG", {}, {"procedure": "ACT", "content": {"note": "a\x00b"}})
    assert ("simultaneous[0].content.note", "INVALID_CHARACTERS") in codes(r)
    r = await save("WRK", {}, {"procedure": "REE", "content": {}})
    assert codes(r) == {("simultaneous[0].procedure", "SIMULTANEOUS_NOT_ALLOWED")}
    # A re-entry permit needs the counter: tolerated while the method is not chosen, not after.
    assert (await save("EXT", {}, {"procedure": "REE", "content": {}})).status_code == 200
    r = await save("EXT", {"receipt_method": "mail"}, {"procedure": "REE", "content": {}})
    assert codes(r) == {("content.receipt_method", "REENTRY_REQUIRES_COUNTER")}
    r = await http.put("/drafts/EXT", json={"content": {}, "simultaneous": [
        {"procedure": p, "content": {}} for p in ("REE", "ACT", "WRK", "REE")]})
    assert r.status_code == 422 and codes(r) == {("simultaneous", "TOO_LONG")}
    # Nothing refused was stored.
    assert (await http.get("/drafts/CHG")).json()["simultaneous"] == kept


async def test_an_application_from_a_draft_and_its_reuse_carry_the_simultaneous_ones(  # type: ignore[no-untyped-def]
        http) -> None:
    content = samples.ext_content() | {"receipt_method": "counter", "counter_bureau": "東京"}
    sims = [{"procedure": "REE", "content": samples.ree_content(),
             "copy": {"personal_items": True, "legal_representative": False, "agent": False}},
            {"procedure": "WRK", "content": samples.wrk_supplement() | {
                "identity": samples.identity(latin_name="SAMPLE,HANAKO")}, "copy": NO_COPY}]
    draft = (await http.put("/drafts/EXT", json={"content": content, "simultaneous": sims})
             ).json()
    r = await http.post(f"/applications/from-draft/{draft['id']}", params={"procedure": "EXT"})
    assert r.status_code == 201, r.text
    app = r.json()
    assert [s["procedure"] for s in app["simultaneous"]] == ["REE", "WRK"]

    await http.delete("/drafts/EXT")
    r = await http.post(f"/applications/{app['id']}/reuse")
    assert r.status_code == 201, r.text
    reused = r.json()
    assert [s["procedure"] for s in reused["simultaneous"]] == ["REE", "WRK"]
    ree, wrk = reused["simultaneous"]
    assert ree["copy"]["personal_items"] is True and "identity" not in ree["content"]
    assert {k: ree["content"][k] for k in samples.ree_content()} == samples.ree_content()
    assert wrk["copy"] == NO_COPY and wrk["content"]["identity"]["latin_name"] == "SAMPLE,HANAKO"
    assert wrk["content"]["activity_description"] == "Software development."
    assert (await http.get("/drafts/EXT")).json()["simultaneous"] == reused["simultaneous"]
