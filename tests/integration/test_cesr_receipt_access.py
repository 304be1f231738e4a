"""Who registers the receipt of an electronic CESR (受領登録): whoever filed the application —
the organization's staff for an organization's application (SPEC §1, §8; manual 004 §7.4),
the filer themself otherwise (a lawyer or relative filing a COE receives the CESR and its
reminders too, and must be able to stop them) — and nobody else."""

import uuid
from datetime import UTC, datetime

import asyncpg
import pytest
from residency_intake.accounts.sessions import Principal
from residency_intake.applications import requests
from residency_intake.errors import ApiError

from tests.integration.intake_kit import staff_principal

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


async def _person(pool: asyncpg.Pool, role: str) -> Principal:
    user_id = uuid.uuid4()
    await pool.execute(
        "INSERT INTO users (id, login_id, email, password_hash, role) VALUES ($1,$2,$3,'x',$4)",
        user_id, f"c-{user_id.hex[:12]}", f"{user_id.hex[:12]}@example.com", role)
    return Principal(user_id, role, f"{user_id.hex[:12]}@example.com", None, "東", 6)


async def _issued_coe(pool: asyncpg.Pool, filer: Principal) -> uuid.UUID:
    app_id = uuid.uuid4()
    org = filer.organization_id if filer.role == "organization_staff" else None
    await pool.execute(
        "INSERT INTO applications (id, procedure, organization_id, created_by, content, bureau,"
        " created_at, state, cesr_number, cesr_issued_at) "
        "VALUES ($1, 'COE', $2, $3, '{}', '東', $4, 'submitted', $5, $4)",
        app_id, org, filer.user_id, T0, f"TKY-T-{app_id.hex[:8]}")
    return app_id


async def _code(pool: asyncpg.Pool, who: Principal, app_id: uuid.UUID) -> str:
    try:
        await requests.register_cesr(pool, who, app_id, T0)
    except ApiError as e:
        return f"{e.status} {e.body.code}"
    return "200"


@pytest.mark.parametrize("role", ["lawyer_or_scrivener", "relative", "legal_representative"])
async def test_an_individual_filer_registers_the_receipt_of_their_cesr(pool, role: str) -> None:  # type: ignore[no-untyped-def]
    filer = await _person(pool, role)
    app_id = await _issued_coe(pool, filer)
    assert [r.application_id for r in await requests.cesrs(pool, filer)] == [app_id]
    assert await _code(pool, await _person(pool, role), app_id) == "404 APPLICATION_NOT_FOUND"
    assert await _code(pool, await staff_principal(pool, "cesr"), app_id) == \
        "404 APPLICATION_NOT_FOUND"
    assert await _code(pool, filer, app_id) == "200"
    assert await requests.cesrs(pool, filer) == []


async def test_any_staff_member_of_the_organization_registers_its_cesrs_and_no_one_else(pool) -> None:  # type: ignore[no-untyped-def]
    filer = await staff_principal(pool, "cesr")
    app_id = await _issued_coe(pool, filer)
    colleague = Principal(uuid.uuid4(), "organization_staff", "c@example.ac.jp",
                          filer.organization_id, "東", 6)
    await pool.execute(
        "INSERT INTO users (id, login_id, email, password_hash, role, organization_id) "
        "VALUES ($1,$2,$3,'x','organization_staff',$4)", colleague.user_id,
        f"c-{colleague.user_id.hex[:12]}", colleague.email, filer.organization_id)
    assert await _code(pool, await staff_principal(pool, "other"), app_id) == \
        "404 APPLICATION_NOT_FOUND"
    assert await _code(pool, await _person(pool, "foreign_national"), app_id) == \
        "404 APPLICATION_NOT_FOUND"
    assert await _code(pool, colleague, app_id) == "200"
    assert await _code(pool, filer, app_id) == "409 CESR_ALREADY_REGISTERED"


async def test_the_receipt_list_shows_registered_certificates_with_both_dates_when_asked(pool) -> None:  # type: ignore[no-untyped-def]
    """受領登録一覧 (manual §7.4): 受領登録依頼日時, 受領登録日時 and 受領登録状況 — the registered
    ones stay listed (after the pending ones) when asked for, and never for someone else."""
    filer = await _person(pool, "lawyer_or_scrivener")
    registered, pending = await _issued_coe(pool, filer), await _issued_coe(pool, filer)
    later = datetime(2026, 4, 3, 15, 30, tzinfo=UTC)
    await requests.register_cesr(pool, filer, registered, later)

    rows = await requests.cesrs(pool, filer, include_registered=True)
    assert [(r.application_id, r.cesr_issued_at, r.cesr_registered_at) for r in rows] == [
        (pending, T0, None), (registered, T0, later)]
    assert [r.application_id for r in await requests.cesrs(pool, filer)] == [pending]
    assert await requests.cesrs(pool, await _person(pool, "lawyer_or_scrivener"),
                                include_registered=True) == []
