"""Use cases: create and read usage requests (利用申出, USE) and periodic reports (定期報告,
RPT). They are applications of their own procedure, so they share attachments, numbers,
examination and status events with every other application."""

import json
from datetime import datetime
from uuid import UUID, uuid4

import asyncpg
from residency_contracts import STATUS_LABELS_JA, ApplicationStatus

from ..accounts.sessions import Principal
from ..domain.organization_access import may_act_on_filing
from ..errors import ApiError, problem_errors
from ..views import AttachmentView
from .rules import in_progress, missing_fields
from .views import REQUIRED_FOR, FilingRow, FilingView, PeriodicReport, UsageRequest


async def _any_in_progress(conn: asyncpg.Connection, where: str, arg: object) -> bool:
    found = await conn.fetch(
        "SELECT a.state, a.status FROM organization_filings f JOIN applications a "
        "ON a.id = f.application_id WHERE " + where, arg)
    return any(in_progress(r["state"], r["status"]) for r in found)


def not_found() -> ApiError:
    return ApiError(404, "FILING_NOT_FOUND")


async def _insert(conn: asyncpg.Connection, who: Principal, procedure: str, kind: str | None,
                  org_id: UUID, bureau: str, details: str, agent: str | None,
                  now: datetime) -> UUID:
    app_id = uuid4()
    await conn.execute(
        "INSERT INTO applications (id, procedure, organization_id, created_by, content, bureau,"
        " created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
        app_id, procedure, org_id, who.user_id, details, bureau, now)
    await conn.execute(
        "INSERT INTO organization_filings (application_id, procedure, kind, organization_id, "
        "filed_by, agent_certificate_number, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
        app_id, procedure, kind, org_id, who.user_id, agent, now)
    return app_id


async def create_usage_request(pool: asyncpg.Pool, who: Principal, body: UsageRequest,
                               now: datetime) -> UUID:
    if missing := missing_fields(dict(body), REQUIRED_FOR[body.kind]):
        raise ApiError(422, "VALIDATION_FAILED", errors=problem_errors(missing))
    if who.organization_id is not None:
        raise ApiError(409, "ALREADY_MEMBER")
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", who.user_id)
        if await _any_in_progress(conn, "f.filed_by = $1 AND f.procedure = 'USE'",
                                  who.user_id):
            raise ApiError(409, "USAGE_REQUEST_EXISTS")
        if body.kind == "new":
            assert body.organization is not None and body.bureau is not None
            org_id, bureau, o = uuid4(), body.bureau, body.organization
            await conn.execute(
                "INSERT INTO organizations (id, name, name_kana, address, phone, bureau) "
                "VALUES ($1,$2,$3,$4,$5,$6)", org_id, o.name, o.name_kana, o.address, o.phone,
                bureau)
        else:
            org = await conn.fetchrow(
                "SELECT id, bureau FROM organizations WHERE id = $1 "
                "AND access_expires_at IS NOT NULL", body.organization_id)
            if org is None:
                raise ApiError(422, "ORGANIZATION_NOT_FOUND", field="organization_id")
            org_id, bureau = org["id"], org["bureau"]
        return await _insert(conn, who, "USE", body.kind, org_id, bureau,
                             body.model_dump_json(include={*REQUIRED_FOR[body.kind],
                                                        "agent_certificate_number"}),
                             body.agent_certificate_number,
                             now)


async def create_periodic_report(pool: asyncpg.Pool, who: Principal, body: PeriodicReport,
                                 now: datetime) -> UUID:
    async with pool.acquire() as conn, conn.transaction():
        org = await conn.fetchrow(
            "SELECT id, bureau, access_expires_at FROM organizations WHERE id = $1 FOR UPDATE",
            who.organization_id)
        if org is None or org["access_expires_at"] is None:
            raise ApiError(409, "ORGANIZATION_ACCESS_REQUIRED")
        if await _any_in_progress(conn, "f.organization_id = $1 AND f.procedure = 'RPT'",
                                  org["id"]):
            raise ApiError(409, "PERIODIC_REPORT_EXISTS")
        return await _insert(conn, who, "RPT", None, org["id"], org["bureau"],
                             body.model_dump_json(), None, now)


_FILINGS = ("SELECT a.*, f.kind, f.filed_by, EXISTS (SELECT 1 FROM organization_access_grants g "
            "WHERE g.application_id = a.id) AS approved FROM applications a "
            "JOIN organization_filings f ON f.application_id = a.id WHERE ")


def _may_act(who: Principal, row: asyncpg.Record) -> bool:
    return may_act_on_filing(
        is_filer=row["filed_by"] == who.user_id, procedure=row["procedure"],
        staff_of_its_organization=(who.role == "organization_staff"
                                   and row["organization_id"] == who.organization_id),
        approved=row["approved"])


async def visible(conn: asyncpg.Connection, who: Principal, app_id: UUID, *,
                  lock: bool = False) -> asyncpg.Record:
    """A filing `who` may see and change (domain.organization_access.may_act_on_filing)."""
    row = await conn.fetchrow(_FILINGS + "a.id = $1" + (" FOR UPDATE OF a" if lock else ""),
                              app_id)
    if row is None or not _may_act(who, row):
        raise not_found()
    return row


async def listed(pool: asyncpg.Pool, who: Principal, procedure: str | None = None
                 ) -> list[FilingRow]:
    """Every usage request and periodic report `who` may act on, newest first: what they
    filed themselves and, for staff, their organization's (by the same rule as `visible`)."""
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            _FILINGS + "(f.filed_by = $1 OR f.organization_id = $2) "
            "AND ($3::text IS NULL OR a.procedure = $3) ORDER BY a.created_at DESC, a.id",
            who.user_id, who.organization_id, procedure)
    return [_row(who, r) for r in rows if _may_act(who, r)]


def _row(who: Principal, row: asyncpg.Record) -> FilingRow:
    status = ApplicationStatus(row["status"]) if row["status"] else None
    return FilingRow(
        **{k: row[k] for k in ("id", "procedure", "kind", "organization_id", "state",
                               "reference_number", "provisional_receipt_number",
                               "receipt_number", "filed_at", "created_at")},
        status=status, status_ja=STATUS_LABELS_JA[status] if status else None,
        filed_by_you=row["filed_by"] == who.user_id,
        in_progress=in_progress(row["state"], row["status"]))


async def read(pool: asyncpg.Pool, who: Principal, app_id: UUID) -> FilingView:
    async with pool.acquire() as conn:
        row = await visible(conn, who, app_id)
        files = await conn.fetch(
            "SELECT * FROM attachments WHERE application_id = $1 ORDER BY uploaded_at", app_id)
    status = ApplicationStatus(row["status"]) if row["status"] else None
    return FilingView(
        **{k: row[k] for k in ("id", "procedure", "kind", "organization_id", "state",
                               "reference_number", "provisional_receipt_number",
                               "receipt_number", "filed_at", "created_at")},
        status=status, status_ja=STATUS_LABELS_JA[status] if status else None,
        details=json.loads(row["content"]),
        attachments=[AttachmentView(**dict(f)) for f in files])
