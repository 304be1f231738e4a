"""Drafts (一時保存): saved without attachments and without required-field checks, loaded
only into the same procedure; and reuse of an earlier application as a new draft."""

import json
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from residency_contracts import TOKYO, Procedure

from ..accounts.sessions import Principal
from ..domain import reuse
from ..domain.account_quotas import AccountQuotas
from ..domain.filing import combination_problems
from ..domain.procedures import SIMULTANEOUS, STANDALONE
from ..errors import ApiError, FieldError
from ..views import DraftView, NewApplication, NewSimultaneous
from . import validation as v
from .access import owned, owner_values
from .core import CHILD_ORDER, create


def _standalone(procedure: Procedure) -> None:
    if procedure not in STANDALONE:
        raise ApiError(422, "DRAFT_NOT_SUPPORTED", field="procedure")


def _no_draft() -> ApiError:
    return ApiError(404, "DRAFT_NOT_FOUND")


def _view(row: asyncpg.Record) -> DraftView:
    return DraftView(id=row["id"], procedure=row["procedure"],
                     content=json.loads(row["content"]),
                     simultaneous=json.loads(row["simultaneous"]),
                     flagged_fields=list(row["flagged_fields"]), saved_at=row["saved_at"])


async def _upsert(conn: asyncpg.Connection, who: Principal, procedure: Procedure,
                  content: dict[str, Any], simultaneous: list[dict[str, Any]],
                  flagged: list[str], now: datetime) -> DraftView:
    row = await conn.fetchrow(
        "INSERT INTO drafts (id, procedure, created_by, organization_id, content, "
        "simultaneous, flagged_fields, saved_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
        "ON CONFLICT (created_by, procedure) DO UPDATE SET content = EXCLUDED.content, "
        "simultaneous = EXCLUDED.simultaneous, flagged_fields = EXCLUDED.flagged_fields, "
        "saved_at = EXCLUDED.saved_at RETURNING *",
        uuid4(), procedure, who.user_id, owner_values(who), json.dumps(content),
        json.dumps(simultaneous), flagged, now)
    return _view(row)


def _partial_errors(procedure: Procedure, content: dict[str, Any],
                    simultaneous: list[NewSimultaneous]) -> list[FieldError]:
    """A draft's checks: the combination of procedures, characters, types and formats; only
    what is missing is tolerated (e.g. REE before the receipt method is chosen)."""
    problems = [p for p in combination_problems(
        procedure, [s.procedure for s in simultaneous], content.get("receipt_method"))
        if not (p.code == "REENTRY_REQUIRES_COUNTER" and content.get("receipt_method") is None)]
    errors = v.as_field_errors(problems)
    errors += v.control_character_errors(content, "content")
    for i, sim in enumerate(simultaneous):
        errors += v.control_character_errors(sim.content, f"simultaneous[{i}].content")
    errors += v.check_partial(procedure, content)
    for i, sim in enumerate(simultaneous):
        if sim.procedure in SIMULTANEOUS:
            errors += v.check_partial(sim.procedure, sim.content, f"simultaneous[{i}].content",
                                      simultaneous=True)
    return errors


async def save(pool: asyncpg.Pool, who: Principal, procedure: Procedure,
               content: dict[str, Any], now: datetime,
               simultaneous: list[NewSimultaneous] | None = None) -> DraftView:
    """Save (replace) the user's draft of `procedure` with its simultaneous applications;
    only the combination, types and formats are checked."""
    _standalone(procedure)
    sims = simultaneous or []
    if errors := _partial_errors(procedure, content, sims):
        raise v.invalid(errors)
    async with pool.acquire() as conn:
        return await _upsert(conn, who, procedure, content,
                             [s.model_dump(mode="json", by_alias=True) for s in sims], [], now)


async def load(pool: asyncpg.Pool, who: Principal, procedure: Procedure) -> DraftView:
    _standalone(procedure)
    row = await pool.fetchrow("SELECT * FROM drafts WHERE created_by = $1 AND procedure = $2",
                              who.user_id, procedure)
    if row is None:
        raise _no_draft()
    return _view(row)


async def discard(pool: asyncpg.Pool, who: Principal, procedure: Procedure) -> None:
    done = await pool.fetchval("DELETE FROM drafts WHERE created_by = $1 AND procedure = $2 "
                               "RETURNING true", who.user_id, procedure)
    if not done:
        raise _no_draft()


async def apply(pool: asyncpg.Pool, who: Principal, draft_id: UUID, procedure: Procedure,
                now: datetime, quotas: AccountQuotas | None = None) -> UUID:
    """A new application of `procedure` from a draft (full validation); the draft is kept."""
    row = await pool.fetchrow("SELECT * FROM drafts WHERE id = $1 AND created_by = $2",
                              draft_id, who.user_id)
    if row is None:
        raise _no_draft()
    if row["procedure"] != procedure:
        raise ApiError(409, "DRAFT_PROCEDURE_MISMATCH", field="procedure")
    return await create(pool, who, NewApplication(
        procedure=procedure, content=json.loads(row["content"]),
        simultaneous=json.loads(row["simultaneous"])), now, quotas)


async def reuse_application(pool: asyncpg.Pool, who: Principal, app_id: UUID,
                            now: datetime) -> DraftView:
    """Pre-fill the user's draft of the same procedure, with its simultaneous applications,
    from an application of the last 2 years; fields whose rule changed since are left blank
    and flagged."""
    async with pool.acquire() as conn, conn.transaction():
        row = await owned(conn, who, app_id)
        procedure = Procedure(row["procedure"])
        _standalone(procedure)
        since = (row["filed_at"] or row["created_at"]).astimezone(TOKYO).date()
        if reuse.too_old(since, now.astimezone(TOKYO).date()):
            raise ApiError(409, "REUSE_TOO_OLD", field="application_id",
                           years=reuse.REUSE_YEARS)
        main = json.loads(row["content"])
        content, flagged = reuse.prefill(main, since)
        children = await conn.fetch("SELECT procedure, content FROM applications "
                                    "WHERE parent_id = $1 " + CHILD_ORDER, app_id)
        simultaneous, sim_flagged = reuse.prefill_simultaneous(
            main, [(c["procedure"], json.loads(c["content"])) for c in children], since)
        return await _upsert(conn, who, procedure, content, simultaneous,
                             [f"content.{f}" for f in flagged] + sim_flagged, now)
