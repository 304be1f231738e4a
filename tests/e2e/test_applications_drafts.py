"""Drafts (saved without attachments, loaded only into the same procedure) and reuse of
one's own applications of the last 2 years, through the HTTP API."""

import pytest
from residency_devstack import samples

from tests.e2e.applications_support import codes, create, file, people


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


async def test_a_partial_draft_is_saved_with_format_checks_only_and_loaded_back(who) -> None:  # type: ignore[no-untyped-def]
    partial = {"identity": {"latin_name": "SAMPLE,JIRO"}, "reason": "Half done."}
    r = await who.individual.put("/drafts/EXT", json={"content": partial})
    assert r.status_code == 200, r.text
    saved = r.json()
    assert saved["procedure"] == "EXT" and saved["content"] == partial
    loaded = (await who.individual.get("/drafts/EXT")).json()
    assert loaded["id"] == saved["id"] and loaded["content"] == partial

    bad = {"identity": {"latin_name": "Sample", "phone": "03-0000"}, "desired_period": 3}
    r = await who.individual.put("/drafts/EXT", json={"content": bad})
    assert r.status_code == 422
    assert set(codes(r)) == {("content.identity.latin_name", "STRING_PATTERN_MISMATCH"),
                             ("content.identity.phone", "STRING_PATTERN_MISMATCH"),
                             ("content.desired_period", "STRING_TYPE")}
    assert (await who.individual.get("/drafts/EXT")).json()["content"] == partial  # unchanged


async def test_a_draft_never_holds_attachments(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.individual.put("/drafts/COE", json={"content": {
        "attachments": [{"kind": "photo", "data": "..."}]}})
    assert r.status_code == 422 and codes(r) == [("content.attachments", "EXTRA_FORBIDDEN")]


async def test_a_draft_loads_only_into_its_own_procedure(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_a.put("/drafts/WRK", json={"content": samples.wrk_content()})
    draft_id = r.json()["id"]
    r = await who.staff_a.post(f"/applications/from-draft/{draft_id}", params={"procedure": "CHG"})
    assert r.status_code == 409 and codes(r) == [("procedure", "DRAFT_PROCEDURE_MISMATCH")]
    r = await who.staff_a.post(f"/applications/from-draft/{draft_id}", params={"procedure": "WRK"})
    assert r.status_code == 201, r.text
    assert r.json()["procedure"] == "WRK" and r.json()["attachments"] == []


async def test_loading_an_incomplete_draft_names_the_missing_fields(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_b.put("/drafts/CHG", json={"content": {"reason": "Later."}})
    r = await who.staff_b.post(f"/applications/from-draft/{r.json()['id']}",
                               params={"procedure": "CHG"})
    assert r.status_code == 422
    assert ("content.identity", "MISSING") in codes(r)
    assert ("content.desired_status", "MISSING") in codes(r)


async def test_simultaneous_only_procedures_have_no_draft(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_b.put("/drafts/REE", json={"content": {}})
    assert r.status_code == 422 and codes(r) == [("procedure", "DRAFT_NOT_SUPPORTED")]


async def test_reuse_prefills_a_draft_without_confirmations_and_flags_changed_rules(who) -> None:  # type: ignore[no-untyped-def]
    original = samples.wrk_content()
    app = await create(who.individual2, "WRK", original)
    await file(who.individual2, app["id"])
    r = await who.individual2.post(f"/applications/{app['id']}/reuse")
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["procedure"] == "WRK" and draft["flagged_fields"] == []
    assert draft["content"]["identity"] == app["content"]["identity"]
    assert "content_true" not in draft["content"]

    # as if filed on 2025-01-15: rules changed since for occupation and the activity
    await who.db.execute("UPDATE applications SET filed_at = '2025-01-15T03:00:00Z' "
                         "WHERE id = $1", app["id"])
    draft = (await who.individual2.post(f"/applications/{app['id']}/reuse")).json()
    assert draft["flagged_fields"] == ["content.activity_description",
                                       "content.identity.occupation"]
    assert "occupation" not in draft["content"]["identity"]
    assert "activity_description" not in draft["content"]
    assert (await who.individual2.get("/drafts/WRK")).json()["flagged_fields"] == draft[
        "flagged_fields"]

    await who.db.execute("UPDATE applications SET filed_at = now() - interval '2 years 2 days'"
                         " WHERE id = $1", app["id"])
    r = await who.individual2.post(f"/applications/{app['id']}/reuse")
    assert r.status_code == 409 and codes(r) == [("application_id", "REUSE_TOO_OLD")]
