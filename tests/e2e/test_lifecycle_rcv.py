"""The receipt-method change (RCV) end to end: applied while 申請完了 (status event without a
status change, carrying `receipt_method`; "changed" email to the filer and the applicant; the
new method in GET /applications/{id}) and refused after approval — up front by intake (409
RECEIPT_METHOD_LOCKED), and by examination itself when the command reaches it anyway ("not
changed" email, no status event)."""

import asyncio
import uuid
from typing import Any

from residency_contracts.examiner import ChangeReceiptMethod
from residency_contracts.topics import EXAMINATION_COMMANDS, STATUS

from tests.e2e.test_lifecycle_paths import (
    PASSWORD_MAIL,
    PROVISIONAL,
    REFERENCE,
    RESULT,
    act,
    filed_wrk,
    filer,
    mailbox,
    until_status,
    who,
)
from tests.helpers import TopicReader, publish, wait_for

__all__ = ["filer", "who"]  # the fixtures, shared

CHANGED = "【在留申請オンライン】受領方法を変更しました / Receipt method changed"
NOT_CHANGED = "【在留申請オンライン】受領方法を変更できませんでした / Receipt method not changed"


async def raw_events(stack: Any, app_id: str, count: int) -> list[dict[str, Any]]:
    async with TopicReader(stack.kafka_bootstrap, STATUS.name) as reader:
        def mine() -> list[dict[str, Any]]:
            return [v for v in reader.values() if v.get("application_id") == app_id]

        await reader.until(lambda _r: len(mine()) >= count, what=f"{count} status events")
        await asyncio.sleep(0.5)  # an extra (wrong) event would be relayed within this
        return mine()


async def test_rcv_while_filed_is_applied_announced_and_emailed(who, filer, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who, filer)
    r = await filer.client.post(f"/applications/{app_id}/receipt-method",
                                json={"receipt_method": "counter", "counter_bureau": "東京"})
    assert r.status_code == 202, r.text
    assert r.json()["detail"] == "receipt_method_change_requested"

    async def shown() -> bool:
        view = (await filer.client.get(f"/applications/{app_id}")).json()
        return bool(view["content"]["receipt_method"] == "counter")

    await wait_for(shown, what="the new receipt method in the application")
    got = await raw_events(stack, app_id, 3)
    assert [(e["previous_status"], e["status"], e["sequence"], e.get("receipt_method"))
            for e in got] == [(None, "pending", 1, None), ("pending", "filed", 2, None),
                              ("filed", "filed", 3, "counter")]
    to_applicant = await mailbox(stack, applicant, [CHANGED])
    await mailbox(stack, filer.email, [REFERENCE, PASSWORD_MAIL, PROVISIONAL, CHANGED])
    [mail] = [m for m in to_applicant if m["subject"] == CHANGED]
    assert "窓口" in mail["text"]


async def test_rcv_after_approval_is_refused_by_intake_and_by_examination(
        who, filer, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who, filer)
    await act(who, app_id, {"action": "take"}, "examining", filer.client)
    await act(who, app_id, {"action": "approve"}, "ready", filer.client)
    r = await filer.client.post(f"/applications/{app_id}/receipt-method",
                                json={"receipt_method": "counter", "counter_bureau": "東京"})
    assert r.status_code == 409 and r.json()["code"] == "RECEIPT_METHOD_LOCKED", r.text

    # intake's mirror lagging behind: the command reaches examination anyway
    user_id = await who.db.fetchval("SELECT created_by FROM applications WHERE id = $1",
                                    uuid.UUID(app_id))
    command = ChangeReceiptMethod(application_id=uuid.UUID(app_id), requested_by=user_id,
                                  receipt_method="counter", counter_bureau="東京")
    await publish(stack.kafka_bootstrap, EXAMINATION_COMMANDS.name,
                  command.model_dump_json().encode(), app_id.encode())
    to_applicant = await mailbox(stack, applicant, [RESULT, NOT_CHANGED])
    await mailbox(stack, filer.email, [REFERENCE, PASSWORD_MAIL, PROVISIONAL, RESULT, NOT_CHANGED])
    [mail] = [m for m in to_applicant if m["subject"] == NOT_CHANGED]
    assert "発行待ち" in mail["text"]
    got = await raw_events(stack, app_id, 4)
    assert [(e["previous_status"], e["status"], e["sequence"]) for e in got] == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "examining", 3),
        ("examining", "ready", 4)]
    await until_status(filer.client, app_id, "ready")
    view = (await filer.client.get(f"/applications/{app_id}")).json()
    assert view["content"]["receipt_method"] == "mail"
