"""Organization access against the real intake database with an explicit clock: a usage
request's approval starts it, it expires, an approved periodic report renews it."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_intake.accounts.seed import create_staff
from residency_intake.accounts.sessions import Principal
from residency_intake.adapters.passwords import hash_password
from residency_intake.applications.guards import organization_problem
from residency_intake.errors import ApiError
from residency_intake.organizations import filings
from residency_intake.organizations.subscriber import status_changed
from residency_intake.organizations.views import PeriodicReport, UsageRequest
from residency_messaging import migrations
from residency_messaging.db import create_pool

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
DAYS = 365


@pytest.fixture
async def pool(stack, sealer) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    pool = await create_pool(stack.database_url("intake"), sealer=sealer)
    await migrations.upgrade("intake", stack.database_url("intake"))
    try:
        yield pool
    finally:
        await pool.close()


async def new_staff(pool: asyncpg.Pool) -> Principal:
    user_id = uuid.uuid4()
    await pool.execute(
        "INSERT INTO users (id, login_id, email, password_hash, role) "
        "VALUES ($1,$2,$3,$4,'organization_staff')", user_id, f"org-{user_id.hex[:12]}",
        f"{user_id.hex[:12]}@example.ac.jp", hash_password("Secret-Pass1!"))
    return await principal(pool, user_id)


async def principal(pool: asyncpg.Pool, user_id: uuid.UUID) -> Principal:
    row = await pool.fetchrow("SELECT role, email, organization_id FROM users WHERE id = $1",
                              user_id)
    return Principal(user_id, row["role"], row["email"], row["organization_id"], "東", 6)


def usage_request(**kw: object) -> UsageRequest:
    return UsageRequest(**{"kind": "new", "bureau": "東", "organization": {
        "name": f"Sample College {uuid.uuid4().hex[:6]}", "address": "1-1 Sample-cho",
        "phone": "0312345678"}, **kw})


async def decide(pool: asyncpg.Pool, app_id: uuid.UUID, status: ApplicationStatus,
                 at: datetime, procedure: Procedure = Procedure.USE,
                 event_id: uuid.UUID | None = None) -> bool:
    """What examination's status event does to intake (filed and examined elsewhere)."""
    await pool.execute("UPDATE applications SET state = 'submitted', status = $2 WHERE id = $1",
                       app_id, status)
    org = await pool.fetchval("SELECT organization_id FROM applications WHERE id = $1", app_id)
    event = ApplicationStatusChanged(
        event_id=event_id or uuid.uuid4(), application_id=app_id, sequence=4,
        procedure=procedure, organization_id=org, previous_status=ApplicationStatus.EXAMINING,
        status=status, occurred_at=at)
    return await status_changed(pool, event, DAYS)


async def problem_code(pool: asyncpg.Pool, who: Principal, now: datetime) -> str | None:
    async with pool.acquire() as conn:
        problem = await organization_problem(conn, who, now)
    return problem.code if problem else None


async def test_an_approved_usage_request_grants_access_that_expires_and_a_report_renews_it(
        pool) -> None:  # type: ignore[no-untyped-def]
    staff = await new_staff(pool)
    assert await problem_code(pool, staff, T0) == "ORGANIZATION_ACCESS_REQUIRED"
    app_id = await filings.create_usage_request(pool, staff, usage_request(
        agent_certificate_number="123456789123"), T0)
    assert await problem_code(pool, staff, T0) == "ORGANIZATION_ACCESS_REQUIRED"

    approved_at = T0 + timedelta(days=3)
    assert await decide(pool, app_id, ApplicationStatus.COMPLETED, approved_at)
    staff = await principal(pool, staff.user_id)
    assert staff.organization_id is not None  # the filer became a member
    expiry = approved_at + timedelta(days=DAYS)
    assert await problem_code(pool, staff, expiry - timedelta(seconds=1)) is None
    assert await problem_code(pool, staff, expiry) == "ORGANIZATION_ACCESS_EXPIRED"

    report = await filings.create_periodic_report(pool, staff, PeriodicReport(
        phone="0312345678", foreign_nationals_count=12), expiry + timedelta(days=10))
    renewed_at = expiry + timedelta(days=40)
    assert await decide(pool, report, ApplicationStatus.COMPLETED, renewed_at, Procedure.RPT)
    assert await problem_code(pool, staff, renewed_at) is None
    new_expiry = renewed_at + timedelta(days=DAYS)
    assert await problem_code(pool, staff, new_expiry - timedelta(seconds=1)) is None
    assert await problem_code(pool, staff, new_expiry) == "ORGANIZATION_ACCESS_EXPIRED"


async def test_an_early_report_extends_from_the_current_expiry_and_counts_once(pool) -> None:  # type: ignore[no-untyped-def]
    staff = await new_staff(pool)
    app_id = await filings.create_usage_request(pool, staff, usage_request(), T0)
    await decide(pool, app_id, ApplicationStatus.COMPLETED, T0)
    staff = await principal(pool, staff.user_id)
    report = await filings.create_periodic_report(pool, staff, PeriodicReport(
        phone="0312345678", foreign_nationals_count=0), T0 + timedelta(days=300))
    event_id = uuid.uuid4()
    assert await decide(pool, report, ApplicationStatus.COMPLETED, T0 + timedelta(days=330),
                        Procedure.RPT, event_id)
    # a redelivered (or repeated) approval changes nothing
    assert not await decide(pool, report, ApplicationStatus.COMPLETED,
                            T0 + timedelta(days=331), Procedure.RPT, event_id)
    expires = await pool.fetchval("SELECT access_expires_at FROM organizations WHERE id = $1",
                                  staff.organization_id)
    assert expires == T0 + timedelta(days=2 * DAYS)


async def test_a_denied_usage_request_grants_nothing(pool) -> None:  # type: ignore[no-untyped-def]
    staff = await new_staff(pool)
    app_id = await filings.create_usage_request(pool, staff, usage_request(), T0)
    assert not await decide(pool, app_id, ApplicationStatus.DENIED, T0)
    staff = await principal(pool, staff.user_id)
    assert staff.organization_id is None
    assert await problem_code(pool, staff, T0) == "ORGANIZATION_ACCESS_REQUIRED"
    # once decided, a new usage request may be filed
    assert await filings.create_usage_request(pool, staff, usage_request(), T0)


async def test_an_additional_usage_request_makes_a_member_without_extending_access(
        pool) -> None:  # type: ignore[no-untyped-def]
    first = await new_staff(pool)
    await decide(pool, await filings.create_usage_request(pool, first, usage_request(), T0),
                 ApplicationStatus.COMPLETED, T0)
    org = (await principal(pool, first.user_id)).organization_id
    second = await new_staff(pool)
    app_id = await filings.create_usage_request(pool, second, UsageRequest(
        kind="additional", organization_id=org, first_request_office="オンライン申請"), T0)
    await decide(pool, app_id, ApplicationStatus.COMPLETED, T0 + timedelta(days=100))
    second = await principal(pool, second.user_id)
    assert second.organization_id == org
    assert await pool.fetchval("SELECT access_expires_at FROM organizations WHERE id = $1",
                               org) == T0 + timedelta(days=DAYS)


async def test_one_live_usage_request_per_person_and_none_for_members(pool) -> None:  # type: ignore[no-untyped-def]
    staff = await new_staff(pool)
    await filings.create_usage_request(pool, staff, usage_request(), T0)
    with pytest.raises(ApiError) as twice:
        await filings.create_usage_request(pool, staff, usage_request(), T0)
    assert twice.value.status == 409 and twice.value.body.code == "USAGE_REQUEST_EXISTS"
    with pytest.raises(ApiError) as unknown:
        await filings.create_usage_request(pool, await new_staff(pool), UsageRequest(
            kind="additional", organization_id=uuid.uuid4(), first_request_office="x"), T0)
    assert unknown.value.status == 422 and unknown.value.body.errors[0].field == (
        "organization_id")
    seeded = await create_staff(pool, login_id=f"seed-{uuid.uuid4().hex[:8]}",
                                email="seed@example.ac.jp", password="Secret-Pass1!",
                                organization=f"Seeded {uuid.uuid4().hex[:6]}")
    member = await principal(pool, seeded)
    assert await problem_code(pool, member, T0) is None  # seeded organizations are approved
    with pytest.raises(ApiError) as already:
        await filings.create_usage_request(pool, member, usage_request(), T0)
    assert already.value.body.code == "ALREADY_MEMBER"
    rows = await pool.fetchval("SELECT count(*) FROM organization_filings WHERE filed_by = $1",
                               seeded)
    assert rows == 0


async def test_an_outsiders_additional_usage_request_is_the_filers_alone_until_approved(
        pool) -> None:  # type: ignore[no-untyped-def]
    from residency_intake.organizations import submit

    member = await new_staff(pool)
    await decide(pool, await filings.create_usage_request(pool, member, usage_request(), T0),
                 ApplicationStatus.COMPLETED, T0)
    member = await principal(pool, member.user_id)
    outsider = await new_staff(pool)
    app_id = await filings.create_usage_request(pool, outsider, UsageRequest(
        kind="additional", organization_id=member.organization_id,
        first_request_office="オンライン申請"), T0)

    assert (await filings.read(pool, outsider, app_id)).id == app_id
    for act in (filings.read(pool, member, app_id),
                submit.file(pool, member, app_id, T0, "not-used-secret")):
        with pytest.raises(ApiError) as hidden:
            await act
        assert (hidden.value.status, hidden.value.body.code) == (404, "FILING_NOT_FOUND")

    await decide(pool, app_id, ApplicationStatus.COMPLETED, T0 + timedelta(days=1))
    assert (await filings.read(pool, member, app_id)).id == app_id  # now the organization's


async def test_a_removed_staff_member_no_longer_sees_or_files_for_the_organization(
        pool) -> None:  # type: ignore[no-untyped-def]
    from residency_intake.accounts import admin
    from residency_intake.applications.access import readable

    first = await new_staff(pool)
    await decide(pool, await filings.create_usage_request(pool, first, usage_request(), T0),
                 ApplicationStatus.COMPLETED, T0)
    first = await principal(pool, first.user_id)
    second = await new_staff(pool)
    joined = await filings.create_usage_request(pool, second, UsageRequest(
        kind="additional", organization_id=first.organization_id,
        first_request_office="オンライン申請"), T0)
    await decide(pool, joined, ApplicationStatus.COMPLETED, T0)
    second = await principal(pool, second.user_id)
    report = await filings.create_periodic_report(pool, second, PeriodicReport(
        phone="0312345678", foreign_nationals_count=3), T0)  # filed by the one to be removed
    assert (await filings.read(pool, first, report)).id == report
    assert await problem_code(pool, second, T0) is None

    own_app = uuid.uuid4()  # an application the member started for the organization
    await pool.execute(
        "INSERT INTO applications (id, procedure, organization_id, created_by, content, bureau,"
        " created_at) VALUES ($1, 'EXT', $2, $3, '{}', '東', $4)", own_app,
        second.organization_id, second.user_id, T0)
    async with pool.acquire() as conn:
        assert (await readable(conn, second, own_app))["id"] == own_app

    login_id = await pool.fetchval("SELECT login_id FROM users WHERE id = $1", second.user_id)
    assert (await admin.remove_staff(pool, login_id)).changed
    second = await principal(pool, second.user_id)
    assert second.organization_id is None
    with pytest.raises(ApiError) as hidden:
        await filings.read(pool, second, report)  # not even the report they filed
    assert hidden.value.status == 404
    assert (await filings.read(pool, second, joined)).id == joined  # their own usage request
    assert await problem_code(pool, second, T0) == "ORGANIZATION_ACCESS_REQUIRED"
    async with pool.acquire() as conn:
        with pytest.raises(ApiError) as gone:
            await readable(conn, second, own_app)  # not even what they started themselves
        assert gone.value.status == 404
        assert (await readable(conn, first, own_app))["id"] == own_app
    assert (await filings.read(pool, first, report)).id == report  # the organization keeps it
