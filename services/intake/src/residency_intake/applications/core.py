"""Use cases for applications: create and read. Route functions only call these."""

import json
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from residency_contracts import PROCEDURE_NAMES, STATUS_LABELS_JA, ApplicationStatus, Procedure

from .. import purge
from ..accounts.sessions import Principal
from ..domain.account_quotas import AccountQuotas, new_draft_problem
from ..domain.filing import apply_copies, combination_problems
from ..domain.procedures import SIMULTANEOUS, SIMULTANEOUS_MAINS
from ..errors import ApiError, FieldError, field_error_of
from ..settings import IntakeSettings
from ..views import ApplicationRow, ApplicationView, AttachmentView, NewApplication
from . import validation as v
from .access import not_found, owned, owner_values, readable

CHILD_ORDER = "ORDER BY array_position(ARRAY['REE','ACT','WRK'], procedure), id"
"""Simultaneous applications in the form's order."""

__all__ = ["CHILD_ORDER", "account_quotas", "create", "delete_unfiled", "insert", "not_found",
           "owned", "read", "row_view", "validated"]

# An account's unfiled applications (its drafts); bulk rows and simultaneous ones not counted.
OPEN_DRAFTS = ("SELECT count(*) FROM applications WHERE created_by = $1 AND state = 'draft' "
               "AND parent_id IS NULL AND bulk_id IS NULL")


def account_quotas(settings: IntakeSettings) -> AccountQuotas:
    return AccountQuotas(settings.max_open_drafts, settings.max_stored_bytes_per_account)


def _validated(new: NewApplication) -> list[tuple[Procedure, str]]:
    """[(procedure, content JSON)] main first; raises 422 with every failing field."""
    errors: list[FieldError] = v.as_field_errors(combination_problems(
        new.procedure, [s.procedure for s in new.simultaneous],
        new.content.get("receipt_method")))
    if errors and errors[0].field == "procedure":
        raise v.invalid(errors)
    errors += v.control_character_errors(new.content, "content")
    for i, sim in enumerate(new.simultaneous):
        errors += v.control_character_errors(sim.content, f"simultaneous[{i}].content")
    main = v.parse(new.procedure, new.content, "content", errors)
    out = [(new.procedure, main.model_dump_json() if main else "")]
    for i, sim in enumerate(new.simultaneous):
        if sim.procedure not in SIMULTANEOUS or new.procedure not in SIMULTANEOUS_MAINS:
            continue  # already refused by combination_problems
        data = apply_copies(new.content, sim.content, sim.copy_.model_dump())
        prefix = f"simultaneous[{i}].content"
        child = v.parse(sim.procedure, data, prefix, errors, simultaneous=True)
        if child is not None and getattr(child, "identity", None) is None:
            errors.append(field_error_of(f"{prefix}.identity", "MISSING"))
        out.append((sim.procedure, child.model_dump_json() if child else ""))
    if errors:
        raise v.invalid(errors)
    return out


validated = _validated
"""Public name (bulk filing checks each row with it): [(procedure, content JSON)] or 422."""


async def insert(conn: asyncpg.Connection, who: Principal, procedure: Procedure, content: str,
                 now: datetime, parent_id: UUID | None = None) -> UUID:
    app_id = uuid4()
    await conn.execute(
        "INSERT INTO applications (id, procedure, organization_id, created_by, content, bureau,"
        " parent_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        app_id, procedure, owner_values(who), who.user_id, content, who.bureau, parent_id, now)
    return app_id


async def create(pool: asyncpg.Pool, who: Principal, new: NewApplication,
                 now: datetime, quotas: AccountQuotas | None = None) -> UUID:
    """A draft application and its simultaneous ones, validated field by field, in one go;
    409 TOO_MANY_DRAFTS when the account already keeps `quotas.max_open_drafts`."""
    (main_proc, main_json), *children = _validated(new)
    async with pool.acquire() as conn, conn.transaction():
        if quotas is not None:
            await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                               f"drafts|{who.user_id}")
            if full := new_draft_problem(quotas, await conn.fetchval(OPEN_DRAFTS, who.user_id)):
                raise ApiError.for_problem(409, full)
        app_id = await insert(conn, who, main_proc, main_json, now)
        for proc, content in children:
            await insert(conn, who, proc, content, now, parent_id=app_id)
    return app_id


async def delete_unfiled(pool: asyncpg.Pool, who: Principal, app_id: UUID,
                         now: datetime) -> None:
    """Delete an application not yet filed, with its simultaneous ones; their files are
    scheduled for deletion (`purge`). A bulk row leaves with its bulk upload."""
    async with pool.acquire() as conn, conn.transaction():
        row = await owned(conn, who, app_id, lock=True)
        if row["parent_id"] is not None:
            raise ApiError(409, "DELETE_WITH_MAIN")
        if row["bulk_id"] is not None:
            raise ApiError(409, "DELETE_WITH_BULK")
        if row["state"] != "draft":
            raise ApiError(409, "ALREADY_FILED")
        family = "SELECT id FROM applications WHERE id = $1 OR parent_id = $1"
        await purge.forget_files(conn, family, app_id, now)
        await conn.execute("DELETE FROM applications WHERE parent_id = $1", app_id)
        await conn.execute("DELETE FROM applications WHERE id = $1", app_id)


def latin_name_of(content: Any) -> str | None:
    data = json.loads(content) if isinstance(content, str) else content
    identity = data.get("identity") if isinstance(data, dict) else None
    name = identity.get("latin_name") if isinstance(identity, dict) else None
    return name if isinstance(name, str) else None


def row_view(row: asyncpg.Record | dict[str, Any]) -> ApplicationRow:
    status = ApplicationStatus(row["status"]) if row["status"] else None
    ja, en = PROCEDURE_NAMES[Procedure(row["procedure"])]
    return ApplicationRow(
        **{k: row[k] for k in ("id", "procedure", "state", "reference_number", "filed_at",
                               "provisional_receipt_number", "receipt_number", "created_at",
                               "parent_id")},
        procedure_name_ja=ja, procedure_name_en=en, status=status,
        status_ja=STATUS_LABELS_JA[status] if status else None,
        latin_name=latin_name_of(row["content"]), bulk=row["bulk_id"] is not None)


async def read(pool: asyncpg.Pool, who: Principal, app_id: UUID) -> ApplicationView:
    async with pool.acquire() as conn:
        row = await readable(conn, who, app_id)
        files = await conn.fetch(
            "SELECT * FROM attachments WHERE application_id = $1 ORDER BY uploaded_at", app_id)
        children = await conn.fetch(
            "SELECT * FROM applications WHERE parent_id = $1 " + CHILD_ORDER, app_id)
    base = row_view(row)
    return ApplicationView(
        **base.model_dump(include={"id", "procedure", "state", "status", "status_ja",
                                   "reference_number", "provisional_receipt_number",
                                   "receipt_number", "filed_at", "created_at", "parent_id",
                                   "bulk"}),
        content=json.loads(row["content"]),
        attachments=[AttachmentView(**dict(f)) for f in files],
        simultaneous=[row_view(c) for c in children],
        **{k: row[k] for k in ("cesr_number", "cesr_issued_at", "cesr_registered_at")})
