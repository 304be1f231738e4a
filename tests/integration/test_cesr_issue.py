"""The electronic CESR against the real database, object store and broker, with explicit
clocks: issued on approval of a COE received by email (signed PDF stored, email with the PDF
by reference, `CesrIssued`), none for a COE by post, reminders at day 7, 14… until receipt
is registered or 3 months have passed. Times are in 2032+ so the services never touch them."""

import hashlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from minio import Minio
from residency_contracts.cesr import CesrParticulars
from residency_contracts.examiner import (
    ApproveApplication,
    ChangeReceiptMethod,
    RegisterCesrReceipt,
    TakeIntoExamination,
)
from residency_contracts.topics import CESR_ISSUED, SEND_EMAIL
from residency_devstack.signing import _generate

from tests.helpers import TopicReader
from tests.integration.examination_kit import EXAMINER, filing, kit, row

TOKYO = ZoneInfo("Asia/Tokyo")
URL = "https://example.test/r"  # where receipt is registered (in the reminders)


def who(receipt: str = "email") -> CesrParticulars:
    return CesrParticulars(receipt_method=receipt, latin_name="SAMPLE,TARO", nationality="VNM",
                           date_of_birth=date(2000, 1, 31), sex="M", status_of_residence="student",
                           period_of_stay="2 years", organization_name="Sample University")


@pytest.fixture
async def k(stack):  # type: ignore[no-untyped-def]
    async for value in kit(stack):
        yield value


@pytest.fixture
def signing(stack):  # type: ignore[no-untyped-def]
    from residency_examination.cesr_context import CesrContext
    from residency_messaging.objectstore import ObjectStore

    key, cert = _generate()
    store = ObjectStore(stack.s3_endpoint, stack.s3_access_key, stack.s3_secret_key)
    return CesrContext(key, cert, store, "cesr", "https://example.test/r")


async def approved_coe(k, at: datetime, receipt: str = "email", ctx=None,  # type: ignore[no-untyped-def]
                       changed_to: str | None = None):
    """`changed_to`: a receipt-method change (RCV) made while 処理待ち."""
    from residency_examination import commands, handlers

    event = filing(at, "COE", certificate=who(receipt))
    await handlers.application_filed(k.pool, event, at)
    if changed_to is not None:
        assert await commands.command_received(k.pool, ChangeReceiptMethod(
            application_id=event.application_id, requested_by=EXAMINER,
            receipt_method=changed_to), at, ctx)
    for command in (TakeIntoExamination(application_id=event.application_id,
                                        requested_by=EXAMINER),
                    ApproveApplication(application_id=event.application_id,
                                       requested_by=EXAMINER)):
        assert await commands.command_received(k.pool, command, at, ctx)
    return event


async def messages(k, app_id, template: str, n: int) -> list[dict]:  # type: ignore[no-untyped-def]
    def mine(r: TopicReader) -> list[dict]:  # type: ignore[type-arg]
        return [v for v in r.values() if v.get("application_id") == str(app_id)
                and v.get("template", "cesr") == template]

    async with TopicReader(k.bootstrap, SEND_EMAIL.name, CESR_ISSUED.name) as reader:
        await reader.until(lambda r: len(mine(r)) >= n, what=f"{n} × {template}")
        return mine(reader)


async def test_approving_a_coe_by_email_issues_a_signed_cesr_and_emails_it(
        k, signing, stack) -> None:  # type: ignore[no-untyped-def]
    from residency_intake.cesr_signature import check

    at = datetime(2032, 5, 10, 11, 0, tzinfo=TOKYO)
    event = await approved_coe(k, at, ctx=signing)
    app = await row(k.pool, event.application_id)
    number = app["cesr_number"]
    assert number.startswith("東オンCESR32") and len(number) == 15
    [email] = await messages(k, event.application_id, "cesr_issued", 1)
    assert email["to"] == event.notification_emails
    assert (email["cesr_number"], email["issued_on"], email["valid_until"]) == (
        number, "2032-05-10", "2032-08-10")
    assert email["latin_name"] == "SAMPLE,TARO" and email["status_of_residence_ja"] == "留学"
    [attachment] = email["attachments"]
    pdf = Minio(stack.s3_endpoint, stack.s3_access_key, stack.s3_secret_key,
                secure=False).get_object(attachment["bucket"], attachment["key"]).read()
    assert hashlib.sha256(pdf).hexdigest() == attachment["sha256"]
    assert attachment["filename"].endswith(".pdf")
    result = await check(pdf, signing.cert_pem)
    assert result.problems == () and result.number == number
    [issued] = await messages(k, event.application_id, "cesr", 1)
    assert issued["cesr_number"] == number and issued["sha256"] == attachment["sha256"]


async def test_a_coe_by_post_gets_no_electronic_cesr(k, signing) -> None:  # type: ignore[no-untyped-def]
    event = await approved_coe(k, datetime(2032, 6, 1, 9, tzinfo=TOKYO), receipt="post", ctx=signing)
    assert (await row(k.pool, event.application_id))["cesr_number"] is None
    assert await k.pool.fetchval("SELECT count(*) FROM cesr_certificates "
                                 "WHERE application_id = $1", event.application_id) == 0


async def test_a_coe_changed_from_email_to_post_gets_no_electronic_cesr_and_back(
        k, signing) -> None:  # type: ignore[no-untyped-def]
    to_post = await approved_coe(k, datetime(2032, 6, 2, 9, tzinfo=TOKYO), ctx=signing,
                                 changed_to="post")
    assert (await row(k.pool, to_post.application_id))["cesr_number"] is None
    to_email = await approved_coe(k, datetime(2032, 6, 3, 9, tzinfo=TOKYO), receipt="post",
                                  ctx=signing, changed_to="email")
    assert (await row(k.pool, to_email.application_id))["cesr_number"] is not None


async def test_a_coe_cannot_change_to_a_card_method(k) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import commands, handlers

    at = datetime(2032, 6, 4, 9, tzinfo=TOKYO)
    event = filing(at, "COE", certificate=who())
    await handlers.application_filed(k.pool, event, at)
    assert not await commands.command_received(k.pool, ChangeReceiptMethod(
        application_id=event.application_id, requested_by=EXAMINER, receipt_method="counter"),
        at)
    assert (await row(k.pool, event.application_id))["receipt_method"] is None


async def test_issuing_twice_keeps_one_number(k, signing) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import cesr
    from residency_messaging.unit_of_work import AsyncpgUnitOfWork

    event = await approved_coe(k, datetime(2032, 7, 1, 9, tzinfo=TOKYO), ctx=signing)
    first = (await row(k.pool, event.application_id))["cesr_number"]
    async with AsyncpgUnitOfWork(k.pool) as uow:
        again = await cesr.issue(uow, await row(k.pool, event.application_id),
                                 datetime(2032, 7, 2, 9, tzinfo=TOKYO), signing)
    assert again == first


async def reminders_sent(k, app_id) -> int:  # type: ignore[no-untyped-def]
    return await k.pool.fetchval(
        "SELECT reminders_sent FROM cesr_certificates WHERE application_id = $1", app_id)


async def test_reminders_come_every_7_days_until_receipt_is_registered(k, signing) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import cesr

    issued = datetime(2033, 3, 2, 10, tzinfo=TOKYO)
    event = await approved_coe(k, issued, ctx=signing)
    app_id = event.application_id
    for days, expected in ((6, 0), (7, 1), (7, 1), (13, 1), (14, 2)):
        await cesr.remind_unregistered(k.pool, issued + timedelta(days=days), URL)
        assert await reminders_sent(k, app_id) == expected, days
    reminders = await messages(k, app_id, "cesr_receipt_reminder", 2)
    assert sorted(m["reminder"] for m in reminders) == [1, 2]
    assert reminders[0]["to"] == event.notification_emails[:1]
    assert reminders[0]["receipt_url"] == "https://example.test/r"
    register = RegisterCesrReceipt(application_id=app_id, requested_by=EXAMINER)
    async with k.pool.acquire() as conn, conn.transaction():
        assert await cesr.register_receipt(conn, register, issued + timedelta(days=15))
        assert not await cesr.register_receipt(conn, register, issued + timedelta(days=16))
    await cesr.remind_unregistered(k.pool, issued + timedelta(days=21), URL)
    assert await reminders_sent(k, app_id) == 2


async def test_reminders_stop_three_months_after_issue(k, signing) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import cesr

    issued = datetime(2034, 1, 5, 10, tzinfo=TOKYO)  # valid until 2034-04-05 (90 days)
    app_id = (await approved_coe(k, issued, ctx=signing)).application_id
    assert await cesr.remind_unregistered(k.pool, issued + timedelta(days=84), URL) >= 1
    assert await reminders_sent(k, app_id) == 12  # a late run sends only the latest one
    for days in (89, 91, 120):
        await cesr.remind_unregistered(k.pool, issued + timedelta(days=days), URL)
    assert await reminders_sent(k, app_id) == 12
