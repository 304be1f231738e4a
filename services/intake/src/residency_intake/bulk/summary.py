"""The read side of a bulk upload: rows, verdicts, each row's files and what filing needs."""

import json
from collections import defaultdict
from typing import Any

import asyncpg
from residency_contracts import AttachmentKind, Procedure, VerdictCode

from ..applications import validation as v
from ..applications.core import latin_name_of
from ..domain import rules
from ..domain.procedures import PHOTO_REQUIRED
from ..errors import FieldError
from ..views import AttachmentView
from .rows import STATUS_JA
from .views import BulkRow, BulkUpload


def _files_state(files: list[asyncpg.Record], procedure: Procedure
                 ) -> tuple[list[FieldError], bool]:
    states = [rules.AttachmentState(AttachmentKind(f["kind"]),
                                    VerdictCode(f["code"]) if f["code"] else None,
                                    f["message_ja"], f["message_en"]) for f in files]
    problems, pending = rules.attachment_problems(
        states, photo_required=procedure in PHOTO_REQUIRED)
    return v.as_field_errors(problems), pending


async def summary(pool: asyncpg.Pool, head: asyncpg.Record, only: int | None = None
                  ) -> BulkUpload:
    procedure = Procedure(head["procedure"])
    async with pool.acquire() as conn:
        found = await conn.fetch(
            "SELECT r.*, a.content FROM bulk_rows r JOIN applications a ON a.id = r.application_id"
            " WHERE r.upload_id = $1 AND ($2::int IS NULL OR r.n = $2) ORDER BY r.n",
            head["id"], only)
        files = await conn.fetch(
            "SELECT * FROM attachments WHERE application_id = ANY($1::uuid[]) "
            "ORDER BY uploaded_at", [r["application_id"] for r in found])
    by_app: dict[Any, list[asyncpg.Record]] = defaultdict(list)
    for f in files:
        by_app[f["application_id"]].append(f)
    out: list[BulkRow] = []
    for r in found:
        mine = by_app[r["application_id"]]
        attachment_errors, pending = _files_state(mine, procedure)
        out.append(BulkRow(
            row=r["n"], status=r["status"], status_ja=STATUS_JA[r["status"]],
            errors=[FieldError(**e) for e in json.loads(r["errors"])],
            application_id=r["application_id"], latin_name=latin_name_of(r["content"]),
            cells=json.loads(r["cells"]), attachments=[AttachmentView(**dict(f)) for f in mine],
            attachment_errors=attachment_errors, attachments_pending=pending))
    ok = sum(1 for r in out if r.status == "ok")
    ready = head["state"] == "open" and ok == len(out) and all(
        not r.attachment_errors and not r.attachments_pending for r in out)
    return BulkUpload(upload_id=head["id"], procedure=procedure, state=head["state"],
                      uploaded_at=head["uploaded_at"], count=len(out), ok=ok,
                      needs_checking=len(out) - ok, ready_to_file=ready, replaced_previous=False,
                      bulk_number=head["bulk_number"], filed_at=head["filed_at"], rows=out)
