"""An application not yet filed: deleting it, after a confirmation (its detail page), and
入力へ戻る (the confirmation and attachment pages, manual §4.2.4). intake cannot change an
application's content, so 入力へ戻る fills the form from it and, when the corrected form is
registered, the new application replaces the old one, which is then deleted — offered only
while no file is attached, since attached files cannot be carried over (what may be offered is
decided in `application_actions`)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..application_actions import attached_files, can_go_back_to_form, deletable, form_body
from ..forms import FORMS, values_from_body
from ..intake import body_of
from ..web import api, read_form, redirect, render, require_login, session_of
from .mypage import FILER_ROLES

REPLACING = "replacing:{code}"
"""Session key: the unfiled application the form of procedure {code} will replace."""


async def _get(request: Request, app_id: str) -> dict[str, Any]:
    r = await api(request, "GET", f"/applications/{app_id}")
    if r.status_code in (404, 422):
        raise HTTPException(404)
    if r.status_code != 200:
        raise HTTPException(403)
    result: dict[str, Any] = r.json()
    return result


async def delete_page(request: Request) -> Response:
    """削除の確認: what goes with the application (its simultaneous ones and files)."""
    require_login(request, *FILER_ROLES)
    app = await _get(request, str(request.path_params["id"]))
    if not deletable(app):
        return redirect(f"/applications/{app['id']}")
    return render(request, "delete_application.html", title_key="delete_application_title",
                  app=app, files=attached_files(app))


async def delete(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    await read_form(request)
    app_id = str(request.path_params["id"])
    r = await api(request, "DELETE", f"/applications/{app_id}")
    if r.status_code != 204:
        session_of(request).data["problems"] = body_of(r)  # shown on the detail page
        return redirect(f"/applications/{app_id}")
    return redirect("/applications", "application_deleted", request)


async def back_to_form(request: Request) -> Response:
    """入力へ戻る: the form of the procedure, filled from the application and its
    simultaneous ones; registering it replaces this application."""
    require_login(request, *FILER_ROLES)
    await read_form(request)
    app = await _get(request, str(request.path_params["id"]))
    code = str(app["procedure"])
    children = [await _get(request, str(s["id"])) for s in app.get("simultaneous") or []]
    if code not in FORMS or not can_go_back_to_form(app, children):
        return redirect(f"/applications/{app['id']}/confirm", "back_to_form_blocked", request)
    session = session_of(request)
    session.data[f"form:{code}"] = values_from_body(FORMS[code], form_body(app, children))
    session.data.pop(f"flagged:{code}", None)
    session.data[REPLACING.format(code=code)] = str(app["id"])
    return redirect(f"/apply/{code}?replace={app['id']}")


def replaced_by_form(request: Request, code: str, submitted: str | None) -> str | None:
    """The application the form being shown or submitted replaces: the one 入力へ戻る came
    from, only while the form names it (a form opened afresh replaces nothing)."""
    kept = session_of(request).data.get(REPLACING.format(code=code))
    return kept if submitted and kept == submitted else None


async def replace(request: Request, code: str, old_id: str) -> str:
    """After the corrected form was registered as a new application: delete the old one; the
    notice to show."""
    session_of(request).data.pop(REPLACING.format(code=code), None)
    r = await api(request, "DELETE", f"/applications/{old_id}")
    return "application_replaced" if r.status_code in (204, 404) else "application_not_replaced"


ROUTES = [
    Route("/applications/{id:uuid}/delete", delete_page, methods=["GET"]),
    Route("/applications/{id:uuid}/delete", delete, methods=["POST"]),
    Route("/applications/{id:uuid}/back", back_to_form, methods=["POST"]),
]
