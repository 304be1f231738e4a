"""Operators' view of the send ledger: failed and pending mail, never an address.

`GET /mail?status=failed|pending&limit=100` on notify's HTTP port, and the console script
`residency-mail-report [--status failed|pending] [--json]` (reads NOTIFY_DATABASE_URL).
`pending` lists everything not yet delivered: rows waiting for a retry (`pending`) and rows
being sent (`sending`; one that stays `sending` was interrupted by a crash and is resent,
with the same Message-ID, when its command is redelivered).
"""

import argparse
import asyncio
import json
import sys
from typing import Any

import asyncpg
from pydantic_settings import SettingsConfigDict
from residency_messaging.runtime import Runtime
from residency_messaging.settings import ServiceSettings
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

STATUSES = {"failed": ("failed",), "pending": ("pending", "sending")}
COLUMNS = ("event_id", "template", "status", "recipient_hashes", "message_id", "attempts",
           "resent_after_crash", "last_error", "created_at")


async def open_mail(pool: asyncpg.Pool, status: str, limit: int = 100) -> list[dict[str, Any]]:
    """Oldest first. `status` is `failed` or `pending` (pending and sending)."""
    rows = await pool.fetch(
        f"SELECT {', '.join(COLUMNS)} FROM sent_mail WHERE status = ANY($1) "
        "ORDER BY created_at LIMIT $2", list(STATUSES[status]), limit)
    return [{k: (str(v) if k in ("event_id", "created_at") else v) for k, v in r.items()}
            for r in rows]


def routes(runtime: Runtime) -> list[Route]:
    async def mail(request: Request) -> JSONResponse:
        status = request.query_params.get("status", "failed")
        try:
            limit = max(1, min(int(request.query_params.get("limit", "100")), 1000))
        except ValueError:
            limit = 0
        if status not in STATUSES or not limit:
            return JSONResponse({"code": "BAD_QUERY",
                                 "message_en": "status must be failed or pending; limit 1-1000",
                                 "message_ja": "status は failed か pending、limit は 1〜1000"},
                                status_code=400)
        items = await open_mail(runtime.pool, status, limit)
        return JSONResponse({"status": status, "count": len(items), "items": items})

    return [Route("/mail", mail, methods=["GET"])]


class ReportSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore")


async def _report(status: str, limit: int) -> list[dict[str, Any]]:
    settings = ReportSettings()  # type: ignore[call-arg]
    conn = await asyncpg.connect(settings.database_url.get_secret_value())
    try:
        return await open_mail(conn, status, limit)  # type: ignore[arg-type]
    finally:
        await conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="residency-mail-report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--status", choices=sorted(STATUSES), action="append",
                        help="failed, pending, or both (default: both)")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args(argv)
    for status in args.status or ["failed", "pending"]:
        items = asyncio.run(_report(status, args.limit))
        if args.json:
            for item in items:
                print(json.dumps(item, ensure_ascii=False))
            continue
        print(f"{status}: {len(items)}")
        for i in items:
            print(f"  {i['event_id']}  {i['template']:<28} {i['status']:<8} "
                  f"to={','.join(i['recipient_hashes'])} attempts={i['attempts']} "
                  f"resent={i['resent_after_crash']} created={i['created_at']} "
                  f"error={i['last_error'] or '-'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
