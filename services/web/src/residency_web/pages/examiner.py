"""Examiners: the bureau's queue (by status, or one application by its number), an
application's detail with its attachments' verdicts (each accepted file opens), any hold and
the filer's correction answers, and the actions (take, request correction with items, approve
with period, deny with reason, mark delivered). Which actions show follows the status; intake
decides."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..forms import FORMS, display_rows, values_from_body
from ..intake import body_of
from ..problems import Problems, from_error_body
from ..web import (
    api,
    lang_of,
    passed_on,
    read_form,
    redirect,
    render,
    require_login,
    text,
)
from ..web import download as download_of

STATUSES = ("filed", "examining", "returned", "ready", "completed", "denied")
# what the page offers in each status (examination's table is the authority)
ACTIONS = {"filed": ("take",), "examining": ("request_correction", "approve", "deny"),
           "ready": ("mark_delivered",)}
ACTION_FIELDS = {"items", "granted_period", "reason", "how"}


async def queue(request: Request) -> Response:
    require_login(request, "examiner")
    status = request.query_params.get("status", "")
    offset = request.query_params.get("offset", "0")
    offset_n = min(int(offset), 100_000) if offset.isdigit() else 0
    number = request.query_params.get("number", "").strip()[:40]
    params: dict[str, Any] = {"limit": 50, "offset": offset_n}
    if status in STATUSES:
        params["status"] = status
    if number:
        params["number"] = number
    r = await api(request, "GET", "/examiner/applications", params=params)
    return render(request, "examiner_queue.html", title_key="queue_title",
                  applications=r.json() if r.status_code == 200 else [], status=status,
                  statuses=STATUSES, offset=offset_n, number=number)


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """An application's content as (path, value) rows, whatever its procedure."""
    if isinstance(value, dict):
        return [row for k, v in value.items() for row in flatten(v, f"{prefix}{k}.")]
    if isinstance(value, list):
        return [row for i, v in enumerate(value) for row in flatten(v, f"{prefix}{i}.")]
    if value is None or value == "":
        return []
    return [(prefix.rstrip("."), str(value))]


async def detail(request: Request, problems: Problems | None = None,
                 status_code: int = 200) -> Response:
    require_login(request, "examiner")
    r = await api(request, "GET", f"/examiner/applications/{request.path_params['id']}")
    if r.status_code != 200:
        raise HTTPException(404)
    app = r.json()
    sections = FORMS.get(app["procedure"])
    by_section = display_rows(sections, values_from_body(sections, {"content": app["content"]})
                              ) if sections else []
    files = {a["id"]: a for a in app.get("attachments") or []}
    return render(request, "examiner_detail.html", status_code=status_code, problems=problems,
                  title_key="examine_title", app=app, rows_by_section=by_section,
                  rows=[] if sections else flatten(app.get("content") or {}),
                  actions=ACTIONS.get(app["status"], ()), files=files,
                  corrections=list(reversed(app.get("corrections") or [])))


async def download(request: Request) -> Response:
    """An accepted file, as intake gives it (a download, never shown inline), passed on in
    chunks as they come; a file with no accepted copy shows the detail page with intake's
    reason."""
    require_login(request, "examiner")
    app_id, file_id = request.path_params["id"], request.path_params["file_id"]
    r = await download_of(request, f"/examiner/applications/{app_id}/attachments/{file_id}")
    if r.status_code == 409:
        return await detail(request, from_error_body(body_of(r), lang_of(request), known=set()),
                            409)
    if r.status_code != 200:
        raise HTTPException(404)
    return passed_on(r)


async def act(request: Request) -> Response:
    require_login(request, "examiner")
    form = await read_form(request)
    action = text(form, "action")
    body: dict[str, Any] = {"action": action}
    if action == "request_correction":
        body["items"] = [line.strip() for line in text(form, "items").splitlines()
                         if line.strip()] or None
    elif action == "approve" and text(form, "granted_period"):
        body["granted_period"] = text(form, "granted_period")
    elif action == "deny":
        body["reason"] = text(form, "reason") or None
    elif action == "mark_delivered":
        body["how"] = text(form, "how") or None
    r = await api(request, "POST",
                  f"/examiner/applications/{request.path_params['id']}/actions", json=body)
    if r.status_code != 202:
        return await detail(request, from_error_body(body_of(r), lang_of(request),
                                                     known=ACTION_FIELDS), r.status_code)
    return redirect(f"/examiner/applications/{request.path_params['id']}", "action_sent",
                    request)


ROUTES = [
    Route("/examiner", queue),
    Route("/examiner/applications/{id:uuid}", detail, methods=["GET"]),
    Route("/examiner/applications/{id:uuid}/actions", act, methods=["POST"]),
    Route("/examiner/applications/{id:uuid}/attachments/{file_id:uuid}", download,
          methods=["GET"]),
]
