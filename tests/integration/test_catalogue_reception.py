"""reception_problem against the real database, with explicit dates (seeded catalogue,
organizations' intake windows)."""

import uuid
from datetime import UTC, date, datetime

import pytest
from residency_intake.accounts.sessions import Principal
from residency_intake.catalogue import service, windows
from residency_intake.catalogue.reception import JST
from residency_intake.catalogue.views import IntakeWindowsIn
from residency_intake.errors import ApiError
from residency_messaging import migrations


async def organization(pool) -> Principal:  # type: ignore[no-untyped-def]
    org = uuid.uuid4()
    await pool.execute("INSERT INTO organizations (id, name, bureau) VALUES ($1, $2, '東')",
                       org, f"University {org.hex[:6]}")
    return Principal(uuid.uuid4(), "organization_staff", "x@example.ac.jp", org, "東", 3)


async def problem(pool, procedure: str, org: uuid.UUID | None, now: datetime):  # type: ignore[no-untyped-def]
    async with pool.acquire() as conn:
        return await service.reception_problem(conn, procedure, org, now)


async def test_the_seed_is_idempotent_and_covers_every_procedure(pool, stack) -> None:  # type: ignore[no-untyped-def]
    await migrations.upgrade("intake", stack.database_url("intake"))  # a second start-up (or a second replica)
    rows = await pool.fetch("SELECT code, reception_start FROM procedures ORDER BY code")
    assert [r["code"] for r in rows] == sorted(
        ["ACQ", "ACT", "CHG", "COE", "EXT", "RCV", "REE", "RPT", "USE", "WRK"])
    ext = next(r for r in rows if r["code"] == "EXT")
    assert ext["reception_start"] == datetime(2025, 10, 8, tzinfo=JST)


async def test_a_procedure_is_closed_before_its_reception_start_in_japan_time(pool) -> None:  # type: ignore[no-untyped-def]
    before = await problem(pool, "EXT", None, datetime(2025, 10, 7, 14, 59, tzinfo=UTC))
    assert before is not None and before.code == "RECEPTION_CLOSED"
    assert before.field == "procedure" and "2025年10月8日" in before.ja
    assert await problem(pool, "EXT", None, datetime(2025, 10, 7, 15, 0, tzinfo=UTC)) is None


async def test_a_reception_end_closes_the_procedure(pool) -> None:  # type: ignore[no-untyped-def]
    # the seeded rows are shared by the session: end a throwaway copy of EXT instead
    code = f"T{uuid.uuid4().hex[:6]}"
    await pool.execute(
        "INSERT INTO procedures SELECT $1, name_ja, name_en, name_kana, description_ja, "
        "description_en, contact, standalone, bulk, filers, filed_with, reception_start, "
        "$2, files FROM procedures WHERE code = 'EXT'", code, datetime(2026, 4, 1, tzinfo=JST))
    try:
        assert await problem(pool, code, None, datetime(2026, 3, 31, 23, 59, tzinfo=JST)) is None
        closed = await problem(pool, code, None, datetime(2026, 4, 1, tzinfo=JST))
        assert closed is not None and closed.code == "RECEPTION_CLOSED"
    finally:
        await pool.execute("DELETE FROM procedures WHERE code = $1", code)


async def test_an_organizations_windows_restrict_only_that_organization(pool) -> None:  # type: ignore[no-untyped-def]
    uni, other = await organization(pool), await organization(pool)
    await windows.put(pool, uni, "coe", IntakeWindowsIn.model_validate({"windows": [
        {"start": "2026-01-10", "end": "2026-01-20"}, {"start": "2026-03-01", "end": "2026-03-05"}]}))
    inside = datetime(2026, 1, 20, 23, 30, tzinfo=JST)
    between = datetime(2026, 2, 14, 9, 0, tzinfo=JST)
    assert await problem(pool, "COE", uni.organization_id, inside) is None
    refused = await problem(pool, "COE", uni.organization_id, between)
    assert refused is not None and refused.code == "OUTSIDE_INTAKE_WINDOW"
    assert refused.field == "procedure" and "2026-03-01" in refused.en
    assert await problem(pool, "COE", other.organization_id, between) is None
    assert await problem(pool, "COE", None, between) is None
    assert await problem(pool, "CHG", uni.organization_id, between) is None  # other procedure


async def test_replacing_windows_with_none_lifts_the_restriction(pool) -> None:  # type: ignore[no-untyped-def]
    uni = await organization(pool)
    body = IntakeWindowsIn.model_validate({"windows": [{"start": "2026-01-10", "end": "2026-01-20"}]})
    await windows.put(pool, uni, "EXT", body)
    now = datetime(2026, 5, 1, tzinfo=JST)
    assert await problem(pool, "EXT", uni.organization_id, now) is not None
    saved = await windows.put(pool, uni, "EXT", IntakeWindowsIn(windows=[]))
    assert saved.windows == []
    assert await problem(pool, "EXT", uni.organization_id, now) is None


async def test_overlapping_windows_are_refused_and_nothing_is_written(pool) -> None:  # type: ignore[no-untyped-def]
    uni = await organization(pool)
    good = IntakeWindowsIn.model_validate({"windows": [{"start": "2026-01-10", "end": "2026-01-20"}]})
    await windows.put(pool, uni, "EXT", good)
    bad = IntakeWindowsIn.model_validate({"windows": [
        {"start": "2026-04-01", "end": "2026-04-10"}, {"start": "2026-04-10", "end": "2026-04-12"}]})
    with pytest.raises(ApiError) as refused:
        await windows.put(pool, uni, "EXT", bad)
    assert refused.value.status == 422
    assert refused.value.body.errors[0].code == "WINDOW_OVERLAP"
    kept = await windows.get(pool, uni, "EXT")
    assert [(w.start, w.end) for w in kept.windows] == [(date(2026, 1, 10), date(2026, 1, 20))]
