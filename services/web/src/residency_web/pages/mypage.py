"""My page: my applications, favorites, my organization's access, profile changes (manual §9)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..intake import body_of
from ..problems import from_error_body
from ..web import api, lang_of, read_form, redirect, render, require_login, text

FILER_ROLES = ("organization_staff", "foreign_national", "legal_representative", "relative",
               "lawyer_or_scrivener")


async def mypage(request: Request) -> Response:
    session = require_login(request, *FILER_ROLES)
    apps = await api(request, "GET", "/applications",
                     params={"per_page": 10, "sort": "filed_at", "order": "desc"})
    favorites = await api(request, "GET", "/procedures/favorites")
    organization: dict[str, Any] | None = None
    filings: list[dict[str, Any]] = []
    if session.role == "organization_staff":
        r = await api(request, "GET", "/organizations/me")
        organization = r.json() if r.status_code == 200 else None
        if session.user is not None and r.status_code in (200, 404):  # joined (or left) since login
            session.user["organization_id"] = organization["id"] if organization else None
        r = await api(request, "GET", "/organizations/filings")  # found again after logout
        filings = r.json() if r.status_code == 200 else []
    return render(request, "mypage.html", title_key="mypage",
                  applications=apps.json()["items"] if apps.status_code == 200 else [],
                  favorites=favorites.json() if favorites.status_code == 200 else [],
                  organization=organization, filings=filings)


async def profile(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    me = await api(request, "GET", "/me")
    return render(request, "profile.html", title_key="profile", me=me.json(), values={})


async def change(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    what = request.path_params["what"]
    form = await read_form(request)
    lang = lang_of(request)
    if what == "phone":
        values = {"phone": text(form, "phone")}
        r = await api(request, "PUT", "/me/phone", json=values)
        ok, notice = r.status_code == 200, "saved"
    elif what == "password":
        values = {"current_password": str(form.get("current_password") or ""),
                  "new_password": str(form.get("new_password") or "")}
        r = await api(request, "POST", "/me/password", json=values)
        ok, notice = r.status_code == 200, "saved"
        values = {}
    elif what == "email":
        values = {"current_password": str(form.get("current_password_email") or ""),
                  "new_email": text(form, "new_email")}
        r = await api(request, "POST", "/me/email", json=values)
        ok, notice = r.status_code == 202, "email_change_sent"
        values = {"new_email": values["new_email"]}
    else:
        return redirect("/mypage/profile")
    if ok:
        return redirect("/mypage/profile", notice, request)
    renames = {"current_password": "current_password_email"} if what == "email" else {}
    problems = from_error_body(body_of(r), lang, renames,
                               known={"phone", "current_password", "new_password", "new_email",
                                      "current_password_email"})
    me = await api(request, "GET", "/me")
    return render(request, "profile.html", status_code=r.status_code, problems=problems,
                  title_key="profile", me=me.json(), values=values)


ROUTES = [
    Route("/mypage", mypage),
    Route("/mypage/profile", profile),
    Route("/mypage/profile/{what}", change, methods=["POST"]),
]
