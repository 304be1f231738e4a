"""The status list (処理状況一覧, SPEC §6) and the printable detail view."""

import html
import json
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

import asyncpg
from residency_contracts import PROCEDURE_NAMES, Procedure

from ..accounts.sessions import Principal
from ..domain import listing
from ..domain.rules import Problem
from ..views import ApplicationPage
from . import validation as v
from .access import scope
from .core import read, row_view

UNFILED_BULK_ROWS_HIDDEN = "(a.bulk_id IS NULL OR a.state <> 'draft')"
"""The rows of a bulk upload not filed yet belong to the upload (GET /bulk/{procedure}),
not to the status list; once filed they are listed, marked `bulk`."""


@dataclass(frozen=True)
class Query:
    q: str | None = None
    procedure_q: str | None = None
    filed_from: str | None = None
    filed_to: str | None = None
    order: Literal["asc", "desc"] = "desc"
    page: int = 1
    per_page: int = 10


def _where(who: Principal, query: Query) -> tuple[str, list[Any]]:
    problems: list[Problem] = listing.paging_problems(query.page, query.per_page)
    start = listing.parse_day(query.filed_from, "filed_from")
    end = listing.parse_day(query.filed_to, "filed_to")
    problems += [p for p in (start, end) if isinstance(p, Problem)]
    if problems:
        raise v.invalid(v.as_field_errors(problems))
    cond, args = scope(who, 1)
    parts = [cond, UNFILED_BULK_ROWS_HIDDEN]

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    lo, hi = listing.day_range(start, end)  # type: ignore[arg-type]
    if lo:
        parts.append(f"a.filed_at >= {arg(lo)}")
    if hi:
        parts.append(f"a.filed_at < {arg(hi)}")
    if query.q and query.q.strip():
        text = query.q.strip().replace("\x00", "")
        like = "%" + "".join("\\" + c if c in "\\%_" else c for c in text) + "%"
        p = arg(like)
        parts.append(f"(a.reference_number ILIKE {p} OR a.provisional_receipt_number ILIKE {p}"
                     f" OR a.receipt_number ILIKE {p}"
                     f" OR a.content::jsonb -> 'identity' ->> 'latin_name' ILIKE {p})")
    if query.procedure_q and query.procedure_q.strip():
        codes = [c.value for c in listing.matching_procedures(query.procedure_q)]
        parts.append(f"a.procedure = ANY({arg(codes)}::text[])")
    return " AND ".join(parts), args


async def search(pool: asyncpg.Pool, who: Principal, query: Query) -> ApplicationPage:
    where, args = _where(who, query)
    direction = "ASC" if query.order == "asc" else "DESC"
    async with pool.acquire() as conn:
        total = await conn.fetchval(f"SELECT count(*) FROM applications a WHERE {where}", *args)
        rows = await conn.fetch(
            f"SELECT * FROM applications a WHERE {where} "
            f"ORDER BY a.filed_at {direction} NULLS LAST, a.created_at {direction}, a.id "
            f"LIMIT {query.per_page} OFFSET {(query.page - 1) * query.per_page}", *args)
    return ApplicationPage(items=[row_view(r) for r in rows], total=total, page=query.page,
                           per_page=query.per_page)


def _rows(data: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(data, dict):
        return [r for k, val in data.items() for r in _rows(val, f"{path}.{k}" if path else k)]
    if isinstance(data, list):
        return [r for i, val in enumerate(data) for r in _rows(val, f"{path}[{i}]")]
    shown = {True: "はい / yes", False: "いいえ / no", None: ""}.get(data, data)  # type: ignore[call-overload]
    return [(path, str(shown))]


async def printable(pool: asyncpg.Pool, who: Principal, app_id: UUID) -> str:
    """The filed content as a printable HTML page (every value escaped)."""
    view = await read(pool, who, app_id)
    ja, en = PROCEDURE_NAMES[Procedure(view.procedure)]
    head = [("手続き / Procedure", f"{ja} / {en}"), ("状態 / Status", view.status_ja or "未申請"),
            ("整理番号 / Reference no.", view.reference_number or ""),
            ("受付仮番号 / Provisional receipt no.", view.provisional_receipt_number or ""),
            ("申請受付番号 / Receipt no.", view.receipt_number or ""),
            ("申請日時 / Filed at", view.filed_at.isoformat() if view.filed_at else "")]
    body = head + _rows(json.loads(json.dumps(view.content)), "")
    body += [(f"同時申請 / Simultaneous [{i}]", f"{s.procedure_name_ja} {s.reference_number or ''}")
             for i, s in enumerate(view.simultaneous)]
    cells = "\n".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(val)}</td></tr>"
                      for k, val in body)
    title = html.escape(f"{ja} {view.reference_number or ''}")
    return ("<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>@media print{{.no-print{{display:none}}}}"
            "table{border-collapse:collapse}th,td{border:1px solid #999;padding:4px;"
            "text-align:left;vertical-align:top}</style></head><body>"
            f"<h1>{title}</h1><table>{cells}</table>"
            "<p class=\"no-print\"><button onclick=\"window.print()\">印刷 / Print</button></p>"
            "</body></html>")
