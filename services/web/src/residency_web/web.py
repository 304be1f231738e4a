"""What every page shares: the session and language of the request, rendering with the
layout's context, CSRF-checked forms, redirects that stay on this site."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.templating import Jinja2Templates

from .countries import country_name
from .forms import STATUSES_OF_RESIDENCE
from .intake import Intake, body_of
from .messages import choose_language, status_label, translate, translator
from .paging import page_numbers
from .problems import Problems, from_error_body
from .session_clock import timeout_label, warning_in
from .sessions import Session, csrf_ok

LANG_COOKIE = "lang"

NAV: dict[str, list[tuple[str, str]]] = {
    "examiner": [("/examiner", "examiner_queue"), ("/procedures", "procedures")],
    "organization_staff": [("/mypage", "mypage"), ("/procedures", "procedures"),
                           ("/applications", "status_list"), ("/bulk", "bulk_title"),
                           ("/usage-request", "usage_request")],
    "other": [("/mypage", "mypage"), ("/procedures", "procedures"),
              ("/applications", "status_list")],
    "anonymous": [("/", "home"), ("/procedures", "procedures")],
}


class CsrfRefused(Exception):
    pass


class LoginRequired(Exception):
    pass


def session_of(request: Request) -> Session:
    session: Session = request.state.session
    return session


def lang_of(request: Request) -> str:
    return choose_language(request.cookies.get(LANG_COOKIE))


def t(request: Request, key: str, **values: object) -> str:
    return translate(key, lang_of(request), **values)


def intake_of(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


async def api(request: Request, method: str, path: str, **kwargs: Any) -> Any:
    """Call intake as the request's user."""
    return await intake_of(request).call(method, path, session_of(request),
                                         client_ip=client_ip(request), **kwargs)


def require_login(request: Request, *roles: str) -> Session:
    session = session_of(request)
    if not session.signed_in:
        raise LoginRequired()
    if roles and session.role not in roles:
        raise HTTPException(403)
    return session


def nav_for(session: Session) -> list[tuple[str, str]]:
    if not session.signed_in:
        return NAV["anonymous"]
    role = session.role or "other"
    if role == "organization_staff" and (session.user or {}).get("organization_id"):
        # a member already: a usage request would only be refused (ALREADY_MEMBER)
        return [item for item in NAV[role] if item[0] != "/usage-request"]
    return NAV.get(role, NAV["other"])


REFUSED = "refused_page"
"""Session key: the page last shown for a refused form (template, context, problems), so the
language switch on it shows the same page, refusal included, in the other language."""
REPLAY = "replay_refused"
"""Session key: the address whose GET shows the refused page again (set by the language
switch; ends with the next POST or once another page is shown)."""


def render(request: Request, template: str, *, status_code: int = 200,
           problems: Problems | None = None, lang: str | None = None,
           **context: Any) -> Response:
    session = session_of(request)
    lang = lang or lang_of(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method == "POST" and problems:
        session.data[REFUSED] = {
            "template": template, "status_code": status_code, "problems": problems,
            "context": {"path": request.url.path, "here": here} | context}
    else:
        session.data.pop(REFUSED, None)
    notice = session.data.pop("notice", None)
    expires_in = warn_in = timeout_at = None
    if session.signed_in and session.expires_at:
        now = time.time()
        expires_in = max(0, int(session.expires_at - now))
        warn_in, timeout_at = warning_in(now, session.expires_at), timeout_label(
            session.expires_at)
    templates: Jinja2Templates = request.app.state.templates
    ctx = {
        "lang": lang, "t": translator(lang), "csrf": session.csrf,
        "user": session.user if session.signed_in else None, "path": request.url.path,
        "here": here,
        "nav": nav_for(session), "notice": translate(notice, lang) if notice else None,
        "problems": problems or Problems(), "session_expires_in": expires_in,
        "session_warn_in": warn_in, "session_timeout_at": timeout_at,
        "status_label": lambda s: status_label(s, lang), "title_key": None,
        "label": lambda key: option_label(key, lang),
        "contact": _contact(request, lang), "page_numbers": page_numbers,
    } | context
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


def _contact(request: Request, lang: str) -> str:
    settings = request.app.state.settings
    return str(settings.contact_en if lang == "en" else settings.contact_ja)


def _refused_at(request: Request, address: str) -> dict[str, Any] | None:
    """The page last shown for a refused form at `address`, if its messages can be put in
    another language (not those a page composed itself, e.g. the login's empty fields:
    better the form again than a page in two languages)."""
    page: dict[str, Any] | None = session_of(request).data.get(REFUSED)
    if page is None or page["context"]["here"] != address or page["problems"].rebuild is None:
        return None
    return page


def replay_after_switch(request: Request, address: str) -> None:
    """The language switch on the refused page at `address`: its GET shows that page again
    (in the new language) instead of an empty form."""
    if _refused_at(request, address) is not None:
        session_of(request).data[REPLAY] = address


def replay_refused(request: Request) -> Response | None:
    """For the GET after the language switch (and its reloads): the refused page again, in
    the request's language, without asking intake again; None for any other request. A POST
    ends the replay, and so does any other page shown (it forgets the refused one)."""
    session = session_of(request)
    if request.method != "GET":
        session.data.pop(REPLAY, None)
        return None
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if session.data.get(REPLAY) != here:
        return None
    page = _refused_at(request, here)
    if page is None:
        session.data.pop(REPLAY, None)
        return None
    response = render(request, page["template"], status_code=page["status_code"],
                      problems=page["problems"].in_language(lang_of(request)),
                      **page["context"])
    session.data[REFUSED] = page  # rendering a GET forgot it; this is still that page
    return response


def login_url(request: Request) -> str:
    """The login page, asked to return to the page the request was for (a GET only: a form
    posted while signed out cannot be replayed; nor an htmx fragment, which is no page)."""
    if request.method != "GET" or request.url.path in ("/", "/login") \
            or "hx-request" in request.headers:
        return "/login"
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?" + urlencode({"next": here})


def after_login(value: str | None) -> str | None:
    """Where a login returns to: a path of this site only (never `//host`, `https://…`,
    `/\\host`), and never the login page again; None: the role's start page."""
    path = safe_path(value, default="")
    return path if path and urlsplit(path).path != "/login" else None


def redirect(path: str, notice: str | None = None, request: Request | None = None) -> Response:
    if notice and request is not None:
        session_of(request).data["notice"] = notice
    return RedirectResponse(safe_path(path), status_code=303)


def safe_path(path: str | None, default: str = "/") -> str:
    """Only a path on this site (no scheme, no host, no `//`), never a way elsewhere."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path \
            or any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in path):
        return default
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return default
    return path


async def read_form(request: Request) -> FormData:
    """The submitted form, once its CSRF token matched the session's."""
    form = await request.form(max_files=1, max_fields=400, max_part_size=26 * 1024 * 1024)
    submitted = form.get("csrf")
    if not csrf_ok(session_of(request), submitted if isinstance(submitted, str) else None):
        raise CsrfRefused()
    return form


def page_and_size(request: Request, sizes: tuple[int, ...]) -> tuple[int, int]:
    """The query's page (from 1) and page size (one of `sizes`, else the first)."""
    try:
        page = max(1, int(request.query_params.get("page", "1")))
        per_page = int(request.query_params.get("per_page", str(sizes[0])))
    except ValueError:
        page, per_page = 1, sizes[0]
    return page, per_page if per_page in sizes else sizes[0]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def option_label(key: str, lang: str) -> str:
    if key.startswith("sor:"):
        pair = STATUSES_OF_RESIDENCE.get(key[4:], (key[4:], key[4:]))
        return pair[1] if lang == "en" else pair[0]
    if key.startswith("country:"):
        return country_name(key[8:], lang)
    return translate(key, lang)


async def delete_file(request: Request, api_path: str, done: str,
                      refused: Callable[[Request, Problems, int], Awaitable[Response]]
                      ) -> Response:
    """[削除] on one attached file: intake's DELETE `api_path`; then to `done` with the
    notice, or, refused, the page `refused` renders with intake's problems."""
    await read_form(request)
    r = await api(request, "DELETE", api_path)
    if r.status_code != 204:
        return await refused(request, from_error_body(body_of(r), lang_of(request)),
                             r.status_code)
    return redirect(done, "attachment_deleted", request)


DOWNLOAD_HEADERS = ("content-type", "content-disposition")
"""What a page passes on of intake's download (every page is nosniff and no-store: app.py)."""


async def download(request: Request, path: str) -> httpx.Response:
    """intake's GET `path` as the request's user, its body not read yet (`passed_on`)."""
    return await intake_of(request).download(path, session_of(request),
                                             client_ip=client_ip(request))


def passed_on(r: httpx.Response) -> Response:
    """intake's 200 download, passed on in chunks as they come (never whole in memory)."""
    headers = {k: v for k, v in r.headers.items() if k.lower() in DOWNLOAD_HEADERS}
    return StreamingResponse(r.aiter_bytes(), headers=headers,
                             background=BackgroundTask(r.aclose))
