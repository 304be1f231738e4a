"""The filer answers a particular open correction request (返却中) by its id; the plain call
still answers the newest. A second request while the first is on its way to examination is
refused. Over HTTP, intake in process on a database of its own and the real object store
(examination's status events simulated by updating intake's mirror)."""

import uuid
from datetime import timedelta

from tests.integration import test_examiner_files_http as kit
from tests.integration.test_examiner_files_http import Intake, filed_application

intake, own_pool = kit.intake, kit.own_pool  # the same fixtures, on a database of their own


async def _examining(intake: Intake, app_id: str) -> None:
    intake.clock.now += timedelta(minutes=10)
    await intake.pool.execute("UPDATE applications SET status = 'examining' WHERE id = $1",
                              uuid.UUID(app_id))


async def _returned(intake: Intake, app_id: str) -> None:
    await intake.pool.execute("UPDATE applications SET status = 'returned' WHERE id = $1",
                              uuid.UUID(app_id))


async def test_the_filer_answers_an_older_open_request_by_its_id(intake: Intake) -> None:
    filer = await intake.staff(f"Corr Univ {uuid.uuid4().hex[:6]}")
    f = await filed_application(intake, filer)
    examiner = await intake.examiner(f.bureau)
    await _examining(intake, f.app_id)
    r = await examiner.post(f"/examiner/applications/{f.app_id}/actions", json={
        "action": "request_correction", "items": ["在学証明書"]})
    assert r.status_code == 202, r.text
    # a second open request, as left by the earlier race (recorded directly)
    later = uuid.uuid4()
    await intake.pool.execute(
        "INSERT INTO correction_requests (id, application_id, items, requested_at) "
        "VALUES ($1, $2, '[\"顔写真\"]', $3)", later, uuid.UUID(f.app_id),
        intake.clock.now + timedelta(minutes=1))
    await _returned(intake, f.app_id)
    listed = (await filer.get(f"/applications/{f.app_id}/corrections")).json()
    older = listed[0]["id"]
    assert [c["items"] for c in listed] == [["在学証明書"], ["顔写真"]]

    # the older request's item is not one of the newer one's
    r = await filer.post(f"/applications/{f.app_id}/corrections", json={"items": [
        {"item": "在学証明書"}]})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "NOT_REQUESTED"
    r = await filer.post(f"/applications/{f.app_id}/corrections/{older}", json={"items": [
        {"item": "在学証明書", "note": "最新のものを添付しました。"}]})
    assert r.status_code == 202, r.text
    assert r.json()["items"] == ["在学証明書"]

    listed = {c["id"]: c for c in (await filer.get(
        f"/applications/{f.app_id}/corrections")).json()}
    assert listed[older]["answered_at"] is not None
    assert listed[str(later)]["answered_at"] is None

    r = await filer.post(f"/applications/{f.app_id}/corrections/{older}", json={"items": [
        {"item": "在学証明書"}]})
    assert r.status_code == 409 and r.json()["code"] == "CORRECTION_ALREADY_ANSWERED"
    assert r.json()["errors"][0]["field"] == "request_id"
    assert "回答済み" in r.json()["message_ja"] and "already" in r.json()["message_en"]
    r = await filer.post(f"/applications/{f.app_id}/corrections/{uuid.uuid4()}", json={
        "items": [{"item": "顔写真"}]})
    assert r.status_code == 404 and r.json()["code"] == "CORRECTION_REQUEST_NOT_FOUND"
    assert r.json()["message_ja"] and r.json()["message_en"]

    # the plain call answers the newest open one
    r = await filer.post(f"/applications/{f.app_id}/corrections", json={"items": [
        {"item": "顔写真"}]})
    assert r.status_code == 202 and r.json()["items"] == ["顔写真"]


async def test_a_request_of_another_application_is_not_found(intake: Intake) -> None:
    filer = await intake.staff(f"Corr Univ {uuid.uuid4().hex[:6]}")
    f, g = await filed_application(intake, filer), await filed_application(intake, filer)
    examiner = await intake.examiner(f.bureau)
    await _examining(intake, g.app_id)
    r = await examiner.post(f"/examiner/applications/{g.app_id}/actions", json={
        "action": "request_correction", "items": ["在学証明書"]})
    assert r.status_code == 202, r.text
    await _returned(intake, g.app_id)
    other = (await filer.get(f"/applications/{g.app_id}/corrections")).json()[0]["id"]
    r = await filer.post(f"/applications/{f.app_id}/corrections/{other}", json={"items": [
        {"item": "在学証明書"}]})
    assert r.status_code == 404 and r.json()["code"] == "CORRECTION_REQUEST_NOT_FOUND"


async def test_a_second_request_while_the_first_is_on_its_way_is_refused(intake: Intake) -> None:
    filer = await intake.staff(f"Corr Univ {uuid.uuid4().hex[:6]}")
    f = await filed_application(intake, filer)
    first, second = await intake.examiner(f.bureau), await intake.examiner(f.bureau)
    await _examining(intake, f.app_id)
    r = await first.post(f"/examiner/applications/{f.app_id}/actions", json={
        "action": "request_correction", "items": ["在学証明書"]})
    assert r.status_code == 202, r.text
    # the status event (返却中) has not come back yet: intake still mirrors 審査中
    r = await second.post(f"/examiner/applications/{f.app_id}/actions", json={
        "action": "request_correction", "items": ["顔写真"]})
    assert r.status_code == 409 and r.json()["code"] == "CORRECTION_IN_FLIGHT"
    assert r.json()["message_ja"] and r.json()["message_en"]
    listed = (await filer.get(f"/applications/{f.app_id}/corrections")).json()
    assert [c["items"] for c in listed] == [["在学証明書"]]

    # once answered (and back under examination), a new request is accepted
    await _returned(intake, f.app_id)
    r = await filer.post(f"/applications/{f.app_id}/corrections", json={"items": [
        {"item": "在学証明書"}]})
    assert r.status_code == 202, r.text
    await _examining(intake, f.app_id)
    r = await second.post(f"/examiner/applications/{f.app_id}/actions", json={
        "action": "request_correction", "items": ["顔写真"]})
    assert r.status_code == 202, r.text
