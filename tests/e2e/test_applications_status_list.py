"""The status list (search, filing-date range, sort, paging, bulk mark), the printable
detail, the receipt-method change (RCV) and CESR receipt registration, over HTTP."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from residency_contracts.topics import EXAMINATION_COMMANDS
from residency_devstack import samples

from tests.e2e.applications_support import codes, create, file, people
from tests.helpers import TopicReader

TODAY = datetime.now(ZoneInfo("Asia/Tokyo")).date()


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


@pytest.fixture(scope="module")
async def three(who):  # type: ignore[no-untyped-def]
    """Three filed WRK applications of organization B, the oldest first; and a COE draft."""
    ids, numbers = [], []
    for name in ("ALPHA,ONE", "BRAVO,TWO", "CHARLIE,THREE"):
        content = samples.wrk_content()
        content["identity"]["latin_name"] = name
        app = await create(who.staff_b, "WRK", content)
        numbers.append((await file(who.staff_b, app["id"]))["reference_number"])
        ids.append(app["id"])
    draft = await create(who.staff_b, "COE", samples.coe_content())
    return {"ids": ids, "numbers": numbers, "draft": draft["id"]}


async def page(client, **params):  # type: ignore[no-untyped-def]
    r = await client.get("/applications", params=params)
    assert r.status_code == 200, r.text
    return r.json()


async def test_the_list_is_sorted_by_filing_time_and_paged(who, three) -> None:  # type: ignore[no-untyped-def]
    newest = await page(who.staff_b, per_page=10)
    filed = [row["id"] for row in newest["items"] if row["filed_at"]]
    assert filed[:3] == three["ids"][::-1]
    assert newest["items"][-1]["id"] == three["draft"]  # never filed: last
    oldest = await page(who.staff_b, order="asc")
    assert [r["id"] for r in oldest["items"] if r["filed_at"]][:3] == three["ids"]
    assert oldest["total"] == newest["total"] == 4
    assert all(row["bulk"] is False for row in newest["items"])


@pytest.mark.parametrize(("params", "field", "code"), [
    ({"per_page": 30}, "per_page", "INVALID_PAGE_SIZE"), ({"page": 0}, "page", "INVALID_PAGE"),
    ({"filed_from": "2026-04-01"}, "filed_from", "INVALID_DATE"),
    ({"filed_to": "20261341"}, "filed_to", "INVALID_DATE"),
    ({"page": "x"}, "page", "INT_PARSING"), ({"sort": "name"}, "sort", "LITERAL_ERROR")])
async def test_bad_list_parameters_are_named(who, params, field, code) -> None:  # type: ignore[no-untyped-def]
    r = await who.staff_b.get("/applications", params=params)
    assert r.status_code == 422 and (field, code) in codes(r)


async def test_search_by_number_name_procedure_keywords_and_filing_dates(who, three) -> None:  # type: ignore[no-untyped-def]
    ids = three["ids"]
    found = await page(who.staff_b, q=three["numbers"][1])
    assert [r["id"] for r in found["items"]] == [ids[1]]
    assert [r["id"] for r in (await page(who.staff_b, q="charlie"))["items"]] == [ids[2]]
    assert [r["latin_name"] for r in (await page(who.staff_b, q="CHARLIE"))["items"]] == [
        "CHARLIE,THREE"]
    assert {r["id"] for r in (await page(who.staff_b, procedure_q="就労 証明書"))["items"]} == set(ids)
    assert [r["id"] for r in (await page(who.staff_b, procedure_q="eligibility"))["items"]] == [
        three["draft"]]
    assert (await page(who.staff_b, procedure_q="更新"))["total"] == 0
    day = TODAY.strftime("%Y%m%d")
    assert {r["id"] for r in (await page(who.staff_b, filed_from=day, filed_to=day))["items"]
            } == set(ids)
    tomorrow = (TODAY + timedelta(days=1)).strftime("%Y%m%d")
    assert (await page(who.staff_b, filed_from=tomorrow))["total"] == 0
    assert (await page(who.staff_b, q="%"))["total"] == 0  # wildcards are literal


async def test_bulk_filings_are_marked(who, three) -> None:  # type: ignore[no-untyped-def]
    await who.db.execute("UPDATE applications SET bulk_id = gen_random_uuid() WHERE id = $1",
                         three["ids"][0])
    rows = {r["id"]: r["bulk"] for r in (await page(who.staff_b))["items"]}
    assert rows[three["ids"][0]] is True and rows[three["ids"][1]] is False
    assert (await who.staff_b.get(f"/applications/{three['ids'][0]}")).json()["bulk"] is True


async def test_the_printable_view_shows_the_content_escaped(who) -> None:  # type: ignore[no-untyped-def]
    content = samples.wrk_content() | {"free_text": "<script>alert(1)</script>"}
    app = await create(who.staff_b, "WRK", content)
    r = await who.staff_b.get(f"/applications/{app['id']}/print")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>" not in r.text
    assert "就労資格証明書交付申請" in r.text and "SAMPLE TRADING CO." in r.text


async def test_receipt_method_change_is_requested_while_changeable(who, stack, three) -> None:  # type: ignore[no-untyped-def]
    app_id = three["ids"][1]
    r = await who.staff_b.post(f"/applications/{app_id}/receipt-method",
                               json={"receipt_method": "counter", "counter_bureau": "東京"})
    assert r.status_code == 202, r.text
    async with TopicReader(stack.kafka_bootstrap, EXAMINATION_COMMANDS.name) as reader:
        await reader.until(lambda rd: any(v.get("application_id") == app_id for v in rd.values()),
                           what="ChangeReceiptMethod command")
        [cmd] = [v for v in reader.values() if v.get("application_id") == app_id]
    assert cmd["action"] == "change_receipt_method" and cmd["receipt_method"] == "counter"

    r = await who.staff_b.post(f"/applications/{app_id}/receipt-method",
                               json={"receipt_method": "post"})
    assert r.status_code == 422 and ("receipt_method", "CARD_BY_MAIL_OR_COUNTER") in codes(r)
    r = await who.staff_b.post(f"/applications/{three['draft']}/receipt-method",
                               json={"receipt_method": "mail"})
    assert r.status_code == 409 and r.json()["code"] == "NOT_FILED"
    await who.db.execute("UPDATE applications SET status = 'returned', status_sequence = 1000 "
                         "WHERE id = $1", app_id)
    r = await who.staff_b.post(f"/applications/{app_id}/receipt-method",
                               json={"receipt_method": "mail"})
    assert r.status_code == 409 and codes(r) == [("receipt_method", "RECEIPT_METHOD_LOCKED")]
    assert "返却" not in r.json()["message_ja"] and "審査中" in r.json()["message_ja"]


async def test_cesr_receipt_is_registered_once_and_only_when_issued(who, stack, three) -> None:  # type: ignore[no-untyped-def]
    app_id = three["ids"][2]
    r = await who.staff_b.post(f"/applications/{app_id}/cesr-receipt")
    assert r.status_code == 409 and r.json()["code"] == "CESR_NOT_ISSUED"
    await who.db.execute("UPDATE applications SET cesr_number = 'CESR-0001', "
                         "cesr_issued_at = now() WHERE id = $1", app_id)
    listed = (await who.staff_b.get("/cesr-receipts")).json()
    assert [(c["application_id"], c["cesr_number"]) for c in listed] == [(app_id, "CESR-0001")]
    r = await who.staff_b.post(f"/applications/{app_id}/cesr-receipt")
    assert r.status_code == 200, r.text
    assert (await who.staff_b.get("/cesr-receipts")).json() == []
    assert (await who.staff_b.get(f"/applications/{app_id}")).json()["cesr_registered_at"]
    r = await who.staff_b.post(f"/applications/{app_id}/cesr-receipt")
    assert r.status_code == 409 and r.json()["code"] == "CESR_ALREADY_REGISTERED"
    async with TopicReader(stack.kafka_bootstrap, EXAMINATION_COMMANDS.name) as reader:
        await reader.until(lambda rd: any(v.get("application_id") == app_id for v in rd.values()),
                           what="RegisterCesrReceipt command")
        actions = [v["action"] for v in reader.values() if v.get("application_id") == app_id]
    assert actions == ["register_cesr_receipt"]
