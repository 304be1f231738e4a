"""Procedures (manual §4.1, §8.1, §9.2): keyword search (all words, synonyms), the detail
with its downloadable files, favorites."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..forms import FORMS
from ..intake import body_of
from ..problems import from_error_body
from ..procedure_start import starts
from ..web import (
    api,
    download,
    lang_of,
    page_and_size,
    passed_on,
    read_form,
    redirect,
    render,
    require_login,
    session_of,
)

PER_PAGE = (10, 20, 50)


async def search(request: Request) -> Response:
    """Keywords are no personal data: the search is a plain GET (bookmarkable)."""
    q = request.query_params.get("q", "").strip()
    synonyms = request.query_params.get("synonyms", "true" if not q else "") == "true"
    page, per_page = page_and_size(request, PER_PAGE)
    params: dict[str, Any] = {"page": page, "per_page": per_page, "lang": lang_of(request),
                              "synonyms": "true" if synonyms else "false"}
    if q:
        params["q"] = q
    r = await api(request, "GET", "/procedures", params=params)
    problems, result = None, {"items": [], "total": 0, "pages": 1}
    if r.status_code == 200:
        result = r.json()
    else:
        problems = from_error_body(body_of(r), lang_of(request), known={"q"})
    return render(request, "procedures.html", status_code=r.status_code, problems=problems,
                  title_key="procedures_title", q=q, synonyms=synonyms, result=result,
                  page=page, per_page=per_page, per_page_choices=PER_PAGE)


async def detail(request: Request) -> Response:
    code = request.path_params["code"]
    r = await api(request, "GET", f"/procedures/{code}")
    if r.status_code == 404:
        raise HTTPException(404)
    procedure = r.json()
    favorite = False
    session = session_of(request)
    if session.signed_in and session.role != "examiner":
        favs = await api(request, "GET", "/procedures/favorites")
        favorite = favs.status_code == 200 and any(
            f["code"] == procedure["code"] for f in favs.json())
    buttons = starts(procedure["code"], session.role or "other" if session.signed_in else None,
                     set(FORMS))
    return render(request, "procedure.html", title_key="procedures_title", p=procedure,
                  favorite=favorite, starts=buttons)


async def procedure_file(request: Request) -> Response:
    code, name = request.path_params["code"], request.path_params["name"]
    r = await download(request, f"/procedures/{code}/files/{name}")
    if r.status_code != 200:
        raise HTTPException(404)
    return passed_on(r)


async def favorite(request: Request) -> Response:
    require_login(request)
    await read_form(request)
    code = request.path_params["code"]
    method = "DELETE" if request.url.path.endswith("/unfavorite") else "PUT"
    await api(request, method, f"/procedures/{code}/favorite")
    return redirect(f"/procedures/{code}")


ROUTES = [
    Route("/procedures", search),
    Route("/procedures/{code}", detail),
    Route("/procedures/{code}/files/{name}", procedure_file),
    Route("/procedures/{code}/favorite", favorite, methods=["POST"]),
    Route("/procedures/{code}/unfavorite", favorite, methods=["POST"]),
]
