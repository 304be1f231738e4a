"""What the correction page (manual §7.2) shows and answers, decided from intake's answers
alone (no I/O): each open request has its own form and is answered by its id (intake answers
the newest when none is named); the files uploaded since the newest open request are the
answer's — a set of their own with the filing's limits (SPEC §5), which the filer may still
delete until the answer is sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

MB = 1024 * 1024


def open_requests(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The unanswered requests, newest first."""
    return sorted((r for r in requests if not r.get("answered_at")),
                  key=lambda r: _at(r["requested_at"]), reverse=True)


def answer_files(attachments: list[dict[str, Any]], requests: list[dict[str, Any]]
                 ) -> list[dict[str, Any]]:
    """The files added for the answer: uploaded since the newest open request (intake counts
    these against the limits and lets them be deleted)."""
    answered = open_requests(requests)
    if not answered:
        return []
    since = _at(answered[0]["requested_at"])
    return [a for a in attachments if _at(a["uploaded_at"]) >= since]


def remaining(files: list[dict[str, Any]], max_files: int, max_bytes: int) -> dict[str, Any]:
    """What is left of `max_files` files / `max_bytes` for `files` (and those limits, which
    the page states), and whether one is still being checked (the page polls then)."""
    used = sum(int(a.get("size") or 0) for a in files)
    return {"files": max(0, max_files - len(files)),
            "mb": f"{max(0, max_bytes - used) / MB:.1f}",
            "pending": any(a.get("code") is None for a in files),
            "max_files": max_files, "max_mb": max_bytes // MB}


def answered_request(requests: list[dict[str, Any]], request_id: str
                     ) -> dict[str, Any] | None:
    """The request a posted form answers: the one with `request_id` (answered or not, so intake
    can tell it is already answered), or the newest open one when the form names none."""
    if not request_id:
        return next(iter(open_requests(requests)), None)
    return next((r for r in requests if str(r["id"]) == request_id), None)


def note_field(request: dict[str, Any], index: int) -> str:
    """The name of the note for item `index` of `request` (unique on a page of several forms)."""
    return f"note_{request['id']}_{index}"


def answer_items(request: dict[str, Any] | None, notes: list[str]) -> list[dict[str, Any]]:
    """The answer's body: each requested item of `request` verbatim with its note (or None)."""
    items = request["items"] if request else []
    return [{"item": item, "note": (notes[i] if i < len(notes) else "") or None}
            for i, item in enumerate(items)]


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
