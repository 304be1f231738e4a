"""Filing rules that depend on the clock, the network or concurrency, through the use cases
with an explicit `now` against the real database."""

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake import applications
from residency_intake.accounts.sessions import Principal
from residency_intake.applications import drafts
from residency_intake.applications.filing import Origin
from residency_intake.catalogue import windows
from residency_intake.catalogue.views import IntakeWindowsIn
from residency_intake.errors import ApiError
from residency_intake.views import NewApplication

from tests.integration.intake_kit import staff_principal

SECRET = "integration-secret"


async def staff(pool) -> Principal:  # type: ignore[no-untyped-def]
    return await staff_principal(pool, "filing")


async def new(pool, who, procedure: str, content: dict, now: datetime) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return await applications.create(pool, who, NewApplication(
        procedure=Procedure(procedure), content=content), now)


async def add_photo(pool, app_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    await pool.execute(
        "INSERT INTO attachments (id, application_id, kind, size, sha256, bucket, object_key, "
        "code) VALUES ($1, $2, 'photo', 1, 'x', 'accepted', 'k', 'OK')", uuid.uuid4(), app_id)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


async def refusal(call) -> ApiError:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiError) as info:
        await call
    return info.value


async def test_filing_from_outside_the_allowed_networks_is_refused(pool) -> None:  # type: ignore[no-untyped-def]
    who, now = await staff(pool), at("2026-11-20T10:00:00+09:00")
    app_id = await new(pool, who, "WRK", samples.wrk_content(), now)
    nets, proxies = ["203.0.113.0/24"], ["10.0.0.0/8"]
    err = await refusal(applications.file(pool, who, app_id, now, SECRET, Origin(
        "198.51.100.7", None, nets, proxies)))
    assert err.status == 403 and err.body.code == "NETWORK_NOT_ALLOWED"
    err = await refusal(applications.file(pool, who, app_id, now, SECRET, Origin(
        "198.51.100.7", "203.0.113.5", nets, proxies)))  # forged header, untrusted peer
    assert err.body.code == "NETWORK_NOT_ALLOWED"
    assert await pool.fetchval("SELECT state FROM applications WHERE id = $1", app_id) == "draft"
    filed = await applications.file(pool, who, app_id, now, SECRET, Origin(
        "10.1.2.3", "203.0.113.5", nets, proxies))  # through our proxy, from Japan
    assert filed.reference_number


async def test_the_last_day_of_stay_is_the_japanese_calendar_day(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    content = samples.wrk_content()
    content["current_status"]["expiry_date"] = "2026-12-01"
    app_id = await new(pool, who, "WRK", content, at("2026-11-20T10:00:00+09:00"))
    err = await refusal(applications.file(pool, who, app_id, at("2026-12-01T00:00:00+09:00"),
                                          SECRET))
    assert [e.code for e in err.body.errors] == ["LAST_DAY_OF_STAY"]
    filed = await applications.file(pool, who, app_id, at("2026-11-30T23:59:59+09:00"), SECRET)
    assert filed.status == "pending"


async def test_an_acquisition_is_filed_only_within_sixty_days_of_the_birth(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    content = samples.acq_content("2026-09-01")
    app_id = await new(pool, who, "ACQ", content, at("2026-09-02T10:00:00+09:00"))
    await add_photo(pool, app_id)
    err = await refusal(applications.file(pool, who, app_id, at("2026-11-01T00:30:00+09:00"),
                                          SECRET))
    assert err.status == 422
    assert [(e.field, e.code) for e in err.body.errors] == [
        ("content.event_date", "ACQUISITION_DEADLINE_PASSED")]
    filed = await applications.file(pool, who, app_id, at("2026-10-31T23:00:00+09:00"), SECRET)
    assert filed.reference_number


async def test_an_organizations_closed_intake_window_refuses_filing(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    await windows.put(pool, who, "WRK", IntakeWindowsIn.model_validate(
        {"windows": [{"start": "2026-04-01", "end": "2026-04-10"}]}))
    app_id = await new(pool, who, "WRK", samples.wrk_content(), at("2026-05-01T10:00:00+09:00"))
    err = await refusal(applications.file(pool, who, app_id, at("2026-05-01T10:00:00+09:00"),
                                          SECRET))
    assert err.status == 409 and err.body.code == "OUTSIDE_INTAKE_WINDOW"
    assert await applications.file(pool, who, app_id, at("2026-04-05T10:00:00+09:00"), SECRET)


async def test_staff_of_an_organization_without_approved_access_cannot_file(pool) -> None:  # type: ignore[no-untyped-def]
    who = await staff(pool)
    await pool.execute("UPDATE organizations SET access_expires_at = $2 WHERE id = $1",
                       who.organization_id, at("2026-06-01T00:00:00+09:00"))
    app_id = await new(pool, who, "WRK", samples.wrk_content(), at("2026-07-01T10:00:00+09:00"))
    err = await refusal(applications.file(pool, who, app_id, at("2026-07-01T10:00:00+09:00"),
                                          SECRET))
    assert err.status == 403 and err.body.code == "ORGANIZATION_ACCESS_EXPIRED"


async def test_two_concurrent_filings_for_one_person_leave_one_live_application(pool) -> None:  # type: ignore[no-untyped-def]
    a, b, now = await staff(pool), await staff(pool), at("2026-11-20T10:00:00+09:00")
    passport = samples.sample_passport()
    ids = [await new(pool, who, "WRK", samples.wrk_content(passport_number=passport), now)
           for who in (a, b)]
    results = await asyncio.gather(*(applications.file(pool, who, app_id, now, SECRET)
                                     for who, app_id in zip((a, b), ids, strict=True)),
                                   return_exceptions=True)
    refused = [r for r in results if isinstance(r, ApiError)]
    assert len(refused) == 1 and refused[0].body.code == "DUPLICATE_LIVE_APPLICATION"
    states = await pool.fetch("SELECT state FROM applications WHERE id = ANY($1)", ids)
    assert sorted(s["state"] for s in states) == ["draft", "submitted"]


async def test_reuse_is_possible_for_two_years_after_filing(pool) -> None:  # type: ignore[no-untyped-def]
    who, filed_at = await staff(pool), at("2025-12-01T10:00:00+09:00")
    app_id = await new(pool, who, "WRK", samples.wrk_content(), filed_at)
    await applications.file(pool, who, app_id, filed_at, SECRET)
    draft = await drafts.reuse_application(pool, who, app_id, at("2027-12-01T23:00:00+09:00"))
    assert draft.procedure == "WRK" and draft.flagged_fields == []
    err = await refusal(drafts.reuse_application(pool, who, app_id,
                                                 at("2027-12-02T00:00:00+09:00")))
    assert err.status == 409 and err.body.code == "REUSE_TOO_OLD"
