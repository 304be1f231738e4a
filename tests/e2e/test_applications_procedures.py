"""Every standalone procedure, simultaneous REE/ACT/WRK with copies, and the filing rules
of SPEC §3 through the HTTP API on the real stack."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from residency_devstack import samples

from tests.e2e.applications_support import (
    attach_photo,
    codes,
    create,
    file,
    people,
)

TODAY = datetime.now(ZoneInfo("Asia/Tokyo")).date()


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


@pytest.mark.parametrize(("procedure", "content"), [
    ("COE", samples.coe_content()), ("ACQ", samples.acq_content(TODAY.isoformat())),
    ("CHG", samples.chg_content()), ("EXT", samples.ext_content()),
    ("WRK", samples.wrk_content())])
async def test_each_standalone_procedure_is_created_with_its_own_form(
        who, procedure, content) -> None:  # type: ignore[no-untyped-def]
    view = await create(who.staff_a, procedure, content)
    assert view["procedure"] == procedure and view["state"] == "draft"
    assert view["content"]["identity"]["latin_name"] == "SAMPLE,TARO"


@pytest.mark.parametrize("procedure", ["REE", "ACT"])
async def test_reentry_and_activity_cannot_be_created_alone(who, procedure) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_a.post("/applications", json={
        "procedure": procedure, "content": samples.ree_content()})
    assert r.status_code == 422
    assert codes(r) == [("procedure", "PROCEDURE_NOT_STANDALONE")]


async def test_a_coe_has_no_current_status_and_excludes_diplomats(who) -> None:  # type: ignore[no-untyped-def]
    content = samples.coe_content() | {"current_status": samples.current_status(),
                                       "intended_status": "diplomat"}
    r = await who.individual.post("/applications", json={"procedure": "COE", "content": content})
    assert r.status_code == 422
    assert set(codes(r)) == {("content.current_status", "EXTRA_FORBIDDEN"),
                             ("content.intended_status", "STATUS_NOT_ELIGIBLE")}


async def test_reentry_with_mail_receipt_is_refused_on_the_receipt_method(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_a.post("/applications", json={
        "procedure": "EXT", "content": samples.ext_content(),
        "simultaneous": [{"procedure": "REE", "content": samples.ree_content(),
                          "copy": {"personal_items": True}}]})
    assert r.status_code == 422
    [err] = r.json()["errors"]
    assert (err["field"], err["code"]) == ("content.receipt_method", "REENTRY_REQUIRES_COUNTER")
    assert "窓口" in err["message_ja"] and "counter" in err["message_en"]
    listed = (await who.staff_a.get("/applications", params={"per_page": 50})).json()
    assert not any(row["procedure"] == "REE" for row in listed["items"])  # nothing half-written


async def test_only_reentry_activity_and_work_go_with_chg_ext_acq(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_a.post("/applications", json={
        "procedure": "COE", "content": samples.coe_content(),
        "simultaneous": [{"procedure": "ACT", "content": samples.act_content(),
                          "copy": {"personal_items": True}}]})
    assert r.status_code == 422
    assert codes(r) == [("simultaneous[0].procedure", "SIMULTANEOUS_NOT_ALLOWED")]


async def test_a_simultaneous_application_needs_identity_unless_copied(who) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_a.post("/applications", json={
        "procedure": "CHG", "content": samples.chg_content(),
        "simultaneous": [{"procedure": "ACT", "content": samples.act_content() | {
            "weekly_hours": "many"}}, {"procedure": "WRK", "content": samples.wrk_supplement()}]})
    assert r.status_code == 422
    assert set(codes(r)) == {("simultaneous[0].content.weekly_hours", "INT_PARSING"),
                             ("simultaneous[1].content.identity", "MISSING")}


async def test_simultaneous_applications_copy_the_checked_sections_and_file_together(
        who, services) -> None:  # type: ignore[no-untyped-def]
    main = samples.acq_content(TODAY.isoformat()) | {"receipt_method": "counter",
                                                     "counter_bureau": "東京"}
    view = await create(who.staff_a, "ACQ", main, [
        {"procedure": "REE", "content": samples.ree_content(),
         "copy": {"personal_items": True, "legal_representative": True}},
        {"procedure": "ACT", "content": samples.act_content(), "copy": {"personal_items": True}},
        {"procedure": "WRK", "content": samples.wrk_supplement(),
         "copy": {"personal_items": True}}])
    children = view["simultaneous"]
    assert [c["procedure"] for c in children] == ["REE", "ACT", "WRK"]
    ree = (await who.staff_a.get(f"/applications/{children[0]['id']}")).json()
    assert ree["parent_id"] == view["id"]
    assert ree["content"]["identity"] == view["content"]["identity"]
    assert ree["content"]["legal_representative"] == view["content"]["legal_representative"]
    assert ree["content"]["legal_representative"]["latin_name"] == "SAMPLE,HANAKO"
    act = (await who.staff_a.get(f"/applications/{children[1]['id']}")).json()
    assert "legal_representative" not in act["content"] or act["content"][
        "legal_representative"] is None

    r = await who.staff_a.post(f"/applications/{children[1]['id']}/file")
    assert r.status_code == 409 and r.json()["code"] == "FILE_WITH_MAIN"
    r = await who.staff_a.post(f"/applications/{children[1]['id']}/attachments",
                               params={"kind": "photo"},
                               files={"file": ("f.jpg", samples.jpeg_bytes(), "image/jpeg")})
    assert r.status_code == 409 and r.json()["code"] == "ATTACH_TO_MAIN"

    await attach_photo(who.staff_a, view["id"])
    filed = await file(who.staff_a, view["id"])
    assert [s["procedure"] for s in filed["simultaneous"]] == ["REE", "ACT", "WRK"]
    numbers = {filed["reference_number"], *(s["reference_number"] for s in filed["simultaneous"])}
    assert len(numbers) == 4
    for child in children:
        body = (await who.staff_a.get(f"/applications/{child['id']}")).json()
        assert body["state"] == "submitted" and body["reference_number"] in numbers


async def test_no_filing_on_the_last_day_of_stay(who) -> None:  # type: ignore[no-untyped-def]
    content = samples.wrk_content() | {"current_status": samples.current_status(
        TODAY.isoformat(), "engineer_specialist_in_humanities_international_services")}
    view = await create(who.individual, "WRK", content)
    r = await who.individual.post(f"/applications/{view['id']}/file")
    assert r.status_code == 422
    [err] = r.json()["errors"]
    assert (err["field"], err["code"]) == ("content.current_status.expiry_date",
                                           "LAST_DAY_OF_STAY")
    assert "窓口" in err["message_ja"]
    again = (await who.individual.get(f"/applications/{view['id']}")).json()
    assert again["state"] == "draft" and again["reference_number"] is None


async def test_one_live_application_per_person_and_procedure_even_across_organizations(
        who) -> None:  # type: ignore[no-untyped-def]
    passport = samples.sample_passport()
    first = await create(who.staff_a, "WRK", samples.wrk_content(passport_number=passport))
    await file(who.staff_a, first["id"])
    other_procedure = await create(who.staff_a, "COE",
                                   samples.coe_content(passport_number=passport))
    assert other_procedure["state"] == "draft"  # (a different procedure is not blocked)
    second = await create(who.staff_b, "WRK", samples.wrk_content(passport_number=passport))
    r = await who.staff_b.post(f"/applications/{second['id']}/file")
    assert r.status_code == 409
    assert codes(r) == [("content.identity", "DUPLICATE_LIVE_APPLICATION")]
    assert (await who.staff_b.get(f"/applications/{second['id']}")).json()["state"] == "draft"

    await who.db.execute("UPDATE applications SET status = 'completed', status_sequence = 1000 "
                         "WHERE id = $1", first["id"])
    filed = await file(who.staff_b, second["id"])  # the first one is finished: allowed again
    assert filed["status"] == "pending"
