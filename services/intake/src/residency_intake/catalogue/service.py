"""Catalogue use cases. `reception_problem` is called at filing by applications."""

import json
import unicodedata
from datetime import datetime
from importlib import resources
from typing import Any
from uuid import UUID

import asyncpg
from residency_contracts import Procedure

from ..domain.rules import Problem
from ..errors import ApiError
from . import reception, search
from .views import Contact, ProcedureDetail, ProcedureFile, ProcedurePage, ProcedureSummary

CODES = frozenset(p.value for p in Procedure)
COLUMNS = ("code, name_ja, name_en, name_kana, description_ja, description_en, contact, "
           "standalone, bulk, filers, filed_with, reception_start, reception_end, files")
MEDIA_TYPES = {".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8"}


def not_found() -> ApiError:
    return ApiError(404, "PROCEDURE_NOT_FOUND", field="code")


def known_code(code: str) -> str:
    """The procedure code (case and width folded), or 404 for anything else."""
    folded = unicodedata.normalize("NFKC", code).strip().upper()
    if folded not in CODES:
        raise not_found()
    return folded


def entry_from(row: asyncpg.Record) -> dict[str, Any]:
    entry = dict(row)
    entry["contact"], entry["files"] = json.loads(row["contact"]), json.loads(row["files"])
    return entry


async def load_all(conn: asyncpg.Pool | asyncpg.Connection) -> list[dict[str, Any]]:
    return [entry_from(r) for r in await conn.fetch(f"SELECT {COLUMNS} FROM procedures")]


async def load_entry(conn: asyncpg.Pool | asyncpg.Connection, code: str) -> dict[str, Any]:
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM procedures WHERE code = $1",
                              known_code(code))
    if row is None:
        raise not_found()
    return entry_from(row)


def _open(entry: dict[str, Any], now: datetime) -> bool:
    return reception.period_problem(entry["reception_start"], entry["reception_end"],
                                    reception.japan_time(now)) is None


def summary(entry: dict[str, Any], now: datetime) -> ProcedureSummary:
    return ProcedureSummary(**{k: entry[k] for k in ProcedureSummary.model_fields
                               if k != "reception_open"}, reception_open=_open(entry, now))


def detail(entry: dict[str, Any], now: datetime) -> ProcedureDetail:
    files = [ProcedureFile(**f, url=f"/procedures/{entry['code']}/files/{f['name']}")
             for f in entry["files"]]
    return ProcedureDetail(**summary(entry, now).model_dump(), files=files,
                           contact=Contact(**entry["contact"]),
                           **{k: entry[k] for k in ("description_ja", "description_en",
                                                    "filers", "filed_with")})


async def list_procedures(pool: asyncpg.Pool, now: datetime, query: str | None,
                          use_synonyms: bool, sort: search.SortKey, order: search.Order,
                          page: int, per_page: int, lang: search.Lang) -> ProcedurePage:
    found = search.search(await load_all(pool), query, use_synonyms=use_synonyms, sort=sort,
                          order=order, page=page, per_page=per_page, lang=lang)
    return ProcedurePage(items=[summary(dict(e), now) for e in found.items], total=found.total,
                         page=found.page, per_page=found.per_page, pages=found.pages)


async def get_procedure(pool: asyncpg.Pool, code: str, now: datetime) -> ProcedureDetail:
    return detail(await load_entry(pool, code), now)


async def procedure_file(pool: asyncpg.Pool, code: str, name: str) -> tuple[bytes, str]:
    """(content, media type) of one of the procedure's downloadable files."""
    entry = await load_entry(pool, code)
    listed = {f["name"] for f in entry["files"]}
    shipped = resources.files(__package__).joinpath("files", name) if name in listed else None
    if shipped is None or not shipped.is_file():
        raise ApiError(404, "FILE_NOT_FOUND", field="name")
    suffix = name[name.rfind("."):]
    return shipped.read_bytes(), MEDIA_TYPES.get(suffix, "application/octet-stream")


async def reception_problem(conn: asyncpg.Connection, procedure: str,
                            organization_id: UUID | None, now: datetime) -> Problem | None:
    """A Problem when the procedure's reception period, or the organization's own intake
    window, is closed at `now`; None when filing is open."""
    row = await conn.fetchrow(
        "SELECT reception_start, reception_end FROM procedures WHERE code = $1", procedure)
    if row is None:
        return Problem.of(reception.FIELD, "PROCEDURE_NOT_FOUND")
    windows = [] if organization_id is None else [
        reception.Window(w["start_date"], w["end_date"]) for w in await conn.fetch(
            "SELECT start_date, end_date FROM intake_windows "
            "WHERE organization_id = $1 AND procedure = $2", organization_id, procedure)]
    return reception.filing_problem(row["reception_start"], row["reception_end"], windows, now)
