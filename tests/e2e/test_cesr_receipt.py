"""受領登録 of an electronic CESR end to end: the organization lists it in GET /cesr-receipts,
registers it (200: recorded at once by intake), it leaves the list and the application becomes
完了 (nothing left to do), a second registration is 409 CESR_ALREADY_REGISTERED.
The 7-day reminder is run through examination's database with an explicit `now`: nothing for
the registered CESR, exactly one reminder (reaching the mail sink) for an unregistered one."""

import uuid
from datetime import timedelta
from typing import Any

from residency_messaging.db import create_pool

from tests.e2e.test_cesr_email import approved_coe, until, who
from tests.e2e.test_lifecycle_paths import events
from tests.helpers import mails, wait_for

__all__ = ["who"]  # the module-scoped fixture, shared

REMINDER = "【在留申請オンライン】在留資格認定証明書の受領登録のお願い（{}） / " \
           "Please register the receipt of a CESR"


async def issued(who: Any) -> tuple[str, str, list[str]]:
    applicant = f"rcpt-{uuid.uuid4().hex[:10]}@example.com"
    app_id = await approved_coe(who, applicant)
    number = (await until(who.staff_a, f"/applications/{app_id}", "cesr_number"))["cesr_number"]
    staff_email = (await who.staff_a.get("/me")).json()["email"]
    return app_id, number, [applicant, staff_email]


async def reminders(stack: Any, number: str, to: list[str]) -> list[dict[str, Any]]:
    return [m for address in to for m in await mails(stack.mail_api_url, address)
            if m["subject"] == REMINDER.format(number)]


async def test_a_cesr_is_registered_once_and_only_the_unregistered_one_is_reminded(
        who, stack, service_env) -> None:  # type: ignore[no-untyped-def]
    registered_id, registered_no, registered_to = await issued(who)
    open_id, open_no, open_to = await issued(who)
    staff = who.staff_a

    listed = [(c["application_id"], c["cesr_number"])
              for c in (await staff.get("/cesr-receipts")).json()]
    assert (registered_id, registered_no) in listed and (open_id, open_no) in listed
    r = await staff.post(f"/applications/{registered_id}/cesr-receipt")
    assert r.status_code == 200, r.text
    assert r.json()["detail"] == "cesr_receipt_registered"
    listed = [c["application_id"] for c in (await staff.get("/cesr-receipts")).json()]
    assert registered_id not in listed and open_id in listed
    r = await staff.post(f"/applications/{registered_id}/cesr-receipt")
    assert r.status_code == 409 and r.json()["code"] == "CESR_ALREADY_REGISTERED", r.text
    # registered: nothing left for the organization to do → 完了; the other stays 発行待ち
    await until(staff, f"/applications/{registered_id}", "status", "completed")
    assert [e[:2] for e in await events(stack, registered_id, 5)] == [
        (None, "pending"), ("pending", "filed"), ("filed", "examining"),
        ("examining", "ready"), ("ready", "completed")]
    assert (await staff.get(f"/applications/{open_id}")).json()["status"] == "ready"

    service_env("examination")
    from residency_examination import cesr

    pool = await create_pool(stack.database_url("examination"))
    try:
        async def applied() -> bool:  # examination has the registration
            return await pool.fetchval("SELECT registered_at IS NOT NULL FROM cesr_certificates "
                                       "WHERE cesr_number = $1", registered_no) is True

        await wait_for(applied, what="the registration in examination")
        issued_at = await pool.fetchval("SELECT max(issued_at) FROM cesr_certificates "
                                        "WHERE cesr_number = ANY($1)", [registered_no, open_no])
        assert await cesr.remind_unregistered(pool, issued_at + timedelta(days=7),
                                              "http://127.0.0.1:8000/cesr-receipts") >= 1
        got = await wait_for(lambda: reminders(stack, open_no, open_to), timeout=40,
                             what="the reminder in the mail sink")
        assert len(got) == 1 and not got[0]["attachments"]
        assert open_no in got[0]["text"]
        counts = dict(await pool.fetch(
            "SELECT cesr_number, reminders_sent FROM cesr_certificates "
            "WHERE cesr_number = ANY($1)", [registered_no, open_no]))
        assert counts == {registered_no: 0, open_no: 1}
        assert await reminders(stack, registered_no, registered_to) == []
    finally:
        await pool.close()
