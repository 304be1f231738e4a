"""過去申込一覧 (manual §8.3): from the form, the filer's earlier applications of the same
procedure, each with 選択 to fill the form from it (the reuse action: fields whose rule
changed since come back blank and flagged)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..forms import FORMS
from ..intake import body_of
from ..messages import translate
from ..problems import from_error_body
from ..web import api, lang_of, page_and_size, render, require_login, session_of
from .mypage import FILER_ROLES

PER_PAGE = (10, 20, 50)


async def earlier_applications(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    code = request.path_params["code"].upper()
    if code not in FORMS:
        raise HTTPException(404)
    page, per_page = page_and_size(request, PER_PAGE)
    # intake filters by the procedure's name; the code check keeps only this procedure's
    r = await api(request, "GET", "/applications", params={
        "procedure_q": translate(f"proc_{code}", "ja"), "sort": "filed_at", "order": "desc",
        "page": page, "per_page": per_page})
    result: dict[str, Any] = {"items": [], "total": 0}
    problems = None
    if r.status_code == 200:
        result = r.json()
    else:
        problems = from_error_body(body_of(r), lang_of(request), known=set())
    kept = session_of(request).data.pop("problems", None)  # a refused reuse (its POST)
    if kept and problems is None:
        problems = from_error_body(kept, lang_of(request), known=set())
    items = [a for a in result["items"] if a.get("procedure") == code]
    pages = max(1, -(-int(result["total"]) // per_page))
    return render(request, "earlier_applications.html",
                  status_code=r.status_code, problems=problems,
                  title_key="earlier_title", code=code, applications=items, page=page,
                  pages=pages, per_page=per_page)


ROUTES = [Route("/apply/{code}/earlier", earlier_applications, methods=["GET"])]
