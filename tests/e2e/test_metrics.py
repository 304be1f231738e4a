"""Every service's /metrics after real work on the real stack: one application filed with a
PDF and a photo (checked by documents, numbered by examination, three emails from notify)."""

import uuid
from typing import Any

import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from residency_contracts.topics import (
    APPLICATION_FILED,
    ATTACHMENT_CHECKED,
    ATTACHMENT_UPLOADED,
    SEND_EMAIL,
    STATUS,
)
from residency_devstack.samples import ext_content, jpeg_bytes, pdf_bytes
from residency_messaging.metrics_report import format_table, snapshot
from residency_messaging.outbox import RELAY_LOCK

from tests.helpers import mails, publish, wait_for

SERVICES = ("intake", "documents", "examination", "notify")
Series = dict[tuple[str, frozenset[tuple[str, str]]], float]


def metrics_url(services: Any, name: str) -> str:
    return f"http://127.0.0.1:{services.env[name][f'{name.upper()}_HTTP_PORT']}/metrics"


async def scrape(services: Any) -> dict[str, str]:
    async with httpx.AsyncClient(timeout=10) as client:
        texts = {}
        for name in SERVICES:
            r = await client.get(metrics_url(services, name))
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
            texts[name] = r.text
        return texts


def series(text: str) -> Series:
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(samples: Series, name: str, **labels: str) -> float:
    """The sum over the series of `name` that carry `labels` (others free)."""
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= ls)


def grew(before: Series, after: Series, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


async def file_one(services: Any, staff: dict[str, str], stack: Any) -> str:
    async with httpx.AsyncClient(base_url=services.intake_url, timeout=30) as c:
        r = await c.post("/auth/token", json={"login_id": staff["login_id"],
                                              "password": staff["password"]})
        assert r.status_code == 200, r.text
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        applicant = f"applicant-{uuid.uuid4().hex[:8]}@example.com"
        r = await c.post("/applications", json={
            "procedure": "EXT", "content": ext_content(notification_email=applicant)})
        assert r.status_code == 201, r.text
        app_id = str(r.json()["id"])
        for kind, data, name in (("document", pdf_bytes(), "passport.pdf"),
                                 ("photo", jpeg_bytes(), "face.jpg")):
            r = await c.post(f"/applications/{app_id}/attachments", params={"kind": kind},
                             files={"file": (name, data, "application/octet-stream")})
            assert r.status_code == 202, r.text

        async def checked() -> bool:
            files = (await c.get(f"/applications/{app_id}")).json()["attachments"]
            return len(files) == 2 and all(f["code"] == "OK" for f in files)

        await wait_for(checked, what="both verdicts OK")
        r = await c.post(f"/applications/{app_id}/file")
        assert r.status_code == 200, r.text
        number = r.json()["reference_number"]

        async def filed() -> bool:
            return (await c.get(f"/applications/{app_id}")).json()["status"] == "filed"

        await wait_for(filed, what="申請完了")

    async def three_mails() -> bool:
        got = await mails(stack.mail_api_url, staff["email"])
        return len([m for m in got if number in m["text"]]) >= 2  # number, provisional number

    await wait_for(three_mails, what="the filing's emails")
    return app_id


async def test_each_service_shows_its_work_by_route_topic_verdict_and_state(
        services, staff, stack) -> None:  # type: ignore[no-untyped-def]
    before_texts = await scrape(services)
    app_id = await file_one(services, staff, stack)

    async def mail_sent() -> bool:  # notify counts its sends when the ledger commits
        now = series((await scrape(services))["notify"])
        return grew(series(before_texts["notify"]), now,
                    "residency_notify_send_duration_seconds_count", outcome="sent") >= 3

    await wait_for(mail_sent, what="three sends counted by notify")
    after_texts = await scrape(services)
    before = {k: series(v) for k, v in before_texts.items()}
    after = {k: series(v) for k, v in after_texts.items()}

    # intake: one series per route template (never the id), hashing by scheme
    http = "residency_http_request_duration_seconds_count"
    assert grew(before["intake"], after["intake"], http, service="intake", method="GET",
                route="/applications/{application_id}", status="200") >= 2
    assert grew(before["intake"], after["intake"], http, service="intake", method="POST",
                route="/applications/{application_id}/file", status="200") == 1
    assert not any(app_id in text for text in after_texts.values())
    assert grew(before["intake"], after["intake"], http, route="<unmatched>") == 0
    assert value(after["intake"], http, service="intake", route="/metrics") >= 1
    hashes = "residency_intake_password_hash_seconds_count"
    assert grew(before["intake"], after["intake"], hashes, scheme="hmac-sha256",
                operation="hash") >= 1
    assert grew(before["intake"], after["intake"], hashes, scheme="argon2id",
                operation="verify") >= 1  # the sign-in
    handled = "residency_handler_duration_seconds_count"
    for service, topic in (("intake", ATTACHMENT_CHECKED.name), ("intake", STATUS.name),
                           ("documents", ATTACHMENT_UPLOADED.name),
                           ("examination", APPLICATION_FILED.name),
                           ("notify", SEND_EMAIL.name)):
        assert grew(before[service], after[service], handled, service=service, topic=topic,
                    outcome="ok") >= 1, (service, topic)
    status_groups = {dict(ls)["group"] for (n, ls) in after["intake"]
                     if n == handled and dict(ls)["topic"] == STATUS.name}
    assert len(status_groups) == 2 and all(g.endswith(STATUS.name) for g in status_groups)
    assert grew(before["intake"], after["intake"], "residency_outbox_published_total",
                service="intake", topic=ATTACHMENT_UPLOADED.name) == 2

    # documents: each check by kind and verdict
    check = "residency_documents_check_duration_seconds_count"
    assert grew(before["documents"], after["documents"], check, kind="document", code="OK") == 1
    assert grew(before["documents"], after["documents"], check, kind="photo", code="OK") == 1

    # notify: sends and the ledger, at scrape time
    assert value(after["notify"], "residency_notify_mail_ledger", service="notify",
                 status="sent") >= 3
    assert {dict(ls)["status"] for (n, ls) in after["notify"]
            if n == "residency_notify_mail_ledger"} == {"pending", "sending", "sent", "failed"}

    # every service: its outbox, its health app's routes, the process collectors
    for service in SERVICES:
        assert value(after[service], "residency_outbox_backlog", service=service) >= 0
        assert ("residency_outbox_oldest_age_seconds",
                frozenset({("service", service)})) in after[service]
        assert value(after[service], "process_cpu_seconds_total") > 0
    for service in ("documents", "examination", "notify"):
        assert value(after[service], http, service=service, route="/readyz") >= 1

    rows = snapshot(after_texts, baseline=before_texts)
    table = format_table(rows)
    print("\n" + table)
    kinds = {(r.service, r.kind) for r in rows}
    assert {("intake", "http"), ("intake", "hash"), ("documents", "check"),
            ("notify", "smtp_send"), ("notify", "mail_ledger"),
            ("examination", "handler")} <= kinds
    filing = next(r for r in rows if r.kind == "http"
                  and r.name == "POST /applications/{application_id}/file 200")
    assert filing.count == 1 and filing.p50_s is not None and filing.p99_s is not None


async def test_a_dead_lettered_message_is_counted_by_its_topic(services, stack) -> None:  # type: ignore[no-untyped-def]
    url = metrics_url(services, "notify")

    async def dead_letters() -> float:
        async with httpx.AsyncClient(timeout=10) as client:
            text = (await client.get(url)).text
        return value(series(text), "residency_dead_letters_total", service="notify",
                     topic=SEND_EMAIL.name)

    before = await dead_letters()
    await publish(stack.kafka_bootstrap, SEND_EMAIL.name, b"{not json", key=b"metrics-test")
    await wait_for(lambda: _more(dead_letters, before), what="the dead letter counted")


async def _more(probe: Any, than: float) -> bool:
    return await probe() > than


@pytest.fixture
async def examination_db(stack) -> Any:  # type: ignore[no-untyped-def]
    conn = await asyncpg.connect(stack.database_url("examination"))
    try:
        yield conn
    finally:
        await conn.close()


async def test_the_outbox_backlog_shows_rows_the_relay_has_not_published(
        services, examination_db) -> None:  # type: ignore[no-untyped-def]
    """The relay held off by its own lock (as while another replica publishes): rows stay."""
    url = metrics_url(services, "examination")

    async def gauges() -> tuple[float, float]:
        async with httpx.AsyncClient(timeout=10) as client:
            s = series((await client.get(url)).text)
        return (value(s, "residency_outbox_backlog", service="examination"),
                value(s, "residency_outbox_oldest_age_seconds", service="examination"))

    conn, tag = examination_db, f"metrics.test.{uuid.uuid4().hex[:8]}"
    await conn.execute("SELECT pg_advisory_lock($1)", RELAY_LOCK)
    try:
        await conn.execute(
            "INSERT INTO outbox (topic, key, payload, event_type, created_at) "
            "SELECT $1, NULL, '\\x00'::bytea, 'Test', now() - interval '1 hour' "
            "FROM generate_series(1, 5)", tag)
        backlog, age = await gauges()
        assert backlog >= 5
        assert age >= 3600
    finally:
        await conn.execute("DELETE FROM outbox WHERE topic = $1", tag)  # never published
        await conn.execute("SELECT pg_advisory_unlock($1)", RELAY_LOCK)

    async def drained() -> bool:
        backlog, age = await gauges()
        return backlog == 0 and age == 0

    await wait_for(drained, what="an empty outbox")
