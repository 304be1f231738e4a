"""受領方法変更申出 (RCV) over HTTP: a COE's certificate changes between email and post (and
examination is asked to apply it); a card method is refused for a COE, a certificate method
for a card, both with the field and JA/EN messages. intake in process on a database of its own
(the filing and examination's 申請完了 simulated in intake's tables)."""

import json
import uuid

import httpx
from residency_devstack import samples

from tests.integration import test_examiner_files_http as kit
from tests.integration.test_examiner_files_http import Intake

intake, own_pool = kit.intake, kit.own_pool  # the same fixtures, on a database of their own


async def _filed(intake: Intake, filer: httpx.AsyncClient, procedure: str,
                 content: dict[str, object]) -> str:
    r = await filer.post("/applications", json={"procedure": procedure, "content": content})
    assert r.status_code == 201, r.text
    app_id = str(r.json()["id"])
    await intake.pool.execute("UPDATE applications SET state = 'submitted', status = 'filed' "
                              "WHERE id = $1", uuid.UUID(app_id))
    return app_id


async def _commands(intake: Intake, app_id: str) -> list[dict[str, object]]:
    rows = await intake.pool.fetch("SELECT convert_from(payload, 'UTF8') AS p FROM outbox "
                                   "ORDER BY id")
    return [p for p in (json.loads(r["p"]) for r in rows)
            if p.get("application_id") == app_id and p.get("action") == "change_receipt_method"]


async def test_a_coes_certificate_changes_from_email_to_post(intake: Intake) -> None:
    filer = await intake.staff(f"Rcv Univ {uuid.uuid4().hex[:6]}")
    app_id = await _filed(intake, filer, "COE", samples.coe_content())
    r = await filer.post(f"/applications/{app_id}/receipt-method",
                         json={"receipt_method": "post"})
    assert r.status_code == 202, r.text
    assert [c["receipt_method"] for c in await _commands(intake, app_id)] == ["post"]

    for body, field, code in (({"receipt_method": "counter"}, "receipt_method",
                               "CERTIFICATE_BY_EMAIL_OR_POST"),
                              ({"receipt_method": "email", "counter_bureau": "東京"},
                               "counter_bureau", "NO_COUNTER_FOR_CERTIFICATE")):
        r = await filer.post(f"/applications/{app_id}/receipt-method", json=body)
        assert r.status_code == 422 and r.json()["code"] == code, r.text
        assert r.json()["errors"][0]["field"] == field
        assert r.json()["message_ja"] and r.json()["message_en"]
    assert len(await _commands(intake, app_id)) == 1


async def test_a_card_cannot_be_changed_to_a_certificate_method(intake: Intake) -> None:
    filer = await intake.staff(f"Rcv Univ {uuid.uuid4().hex[:6]}")
    app_id = await _filed(intake, filer, "EXT", samples.ext_content())
    r = await filer.post(f"/applications/{app_id}/receipt-method",
                         json={"receipt_method": "email"})
    assert r.status_code == 422 and r.json()["code"] == "CARD_BY_MAIL_OR_COUNTER", r.text
    assert "窓口" in r.json()["message_ja"] and "counter" in r.json()["message_en"]
    r = await filer.post(f"/applications/{app_id}/receipt-method",
                         json={"receipt_method": "counter", "counter_bureau": "東京"})
    assert r.status_code == 202, r.text
    assert [c["receipt_method"] for c in await _commands(intake, app_id)] == ["counter"]
