"""Top page, language switch, login, logout, session extension, forgotten user ID and
password (manual §1.6, §2)."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..intake import body_of
from ..messages import LANGUAGES
from ..problems import Problems, from_error_body
from ..session_clock import cap_after_extend, ends_at
from ..web import (
    LANG_COOKIE,
    after_login,
    api,
    lang_of,
    read_form,
    redirect,
    render,
    replay_after_switch,
    safe_path,
    session_of,
    text,
)


async def top(request: Request) -> Response:
    session = session_of(request)
    if session.signed_in:
        return redirect("/examiner" if session.role == "examiner" else "/mypage")
    return render(request, "top.html", title_key="top_title")


async def switch_language(request: Request) -> Response:
    form = await read_form(request)
    to = text(form, "to")
    back = safe_path(text(form, "next"))
    # Always back to the page's own address (POST-redirect-GET). After a refused form the
    # page was the POST's answer: its GET shows it again, refusal and values included, in
    # the other language, rather than an empty form.
    if to in LANGUAGES:
        replay_after_switch(request, back)
    response = redirect(back)
    if to in LANGUAGES:
        response.set_cookie(LANG_COOKIE, to, max_age=365 * 24 * 3600, httponly=True,
                            samesite="lax", secure=request.app.state.settings.secure_cookies)
    return response


async def login_page(request: Request) -> Response:
    return render(request, "login.html", title_key="login_title", values={},
                  next_path=after_login(request.query_params.get("next")))


async def login(request: Request) -> Response:
    form = await read_form(request)
    lang = lang_of(request)
    values = {"login_id": text(form, "login_id")}
    back = after_login(text(form, "next"))
    password = form.get("password") if isinstance(form.get("password"), str) else ""
    problems = Problems()
    if not values["login_id"]:
        problems.add(_t("error_login_id_required", lang), "login_id")
    if not password:
        problems.add(_t("error_password_required", lang), "password")
    if problems:
        return render(request, "login.html", status_code=422, problems=problems,
                      title_key="login_title", values=values, next_path=back)
    r = await api(request, "POST", "/auth/token",
                  json={"login_id": values["login_id"], "password": password})
    if r.status_code != 200:
        return render(request, "login.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang, known={"login_id", "password"}),
                      title_key="login_title", values=values, next_path=back)
    token = r.json()
    store = request.app.state.sessions
    old = session_of(request)
    session = store.rotate(old)  # a new id at login: no session fixation
    session.token = token["access_token"]
    session.idle_s = float(token["expires_in"])
    session.expires_at = ends_at(time.time(), session.idle_s, None)
    request.state.session = session
    me = await api(request, "GET", "/me")
    profile = me.json() if me.status_code == 200 else {}
    session.user = {"login_id": profile.get("login_id", values["login_id"]),
                    "user_type": profile.get("user_type", "examiner"),
                    "latin_name": profile.get("latin_name"),
                    "organization_id": profile.get("organization_id")}
    if me.status_code != 200:  # examiners have no /me profile
        session.user["user_type"] = "examiner"
    return redirect(back or ("/examiner" if session.role == "examiner" else "/mypage"))


async def logout_confirm(request: Request) -> Response:
    """利用者ログアウト確認 (manual §2.3): ログアウトしますか？ with キャンセル (back to the page
    the header's button was on) and ログアウトする (a CSRF-checked POST)."""
    session = session_of(request)
    if not session.signed_in:
        return redirect("/login")
    start = "/examiner" if session.role == "examiner" else "/mypage"
    back = safe_path(request.query_params.get("next"), default=start)
    if urlsplit(back).path == "/logout":
        back = start
    return render(request, "logout_confirm.html", title_key="logout_confirm_title",
                  cancel_path=back)


async def logged_out(request: Request) -> Response:
    """The page after logging out (no session needed: it says so, and offers the login)."""
    return render(request, "logged_out.html", title_key="logged_out_title")


async def logout(request: Request) -> Response:
    await read_form(request)
    session = session_of(request)
    if session.signed_in:
        await api(request, "POST", "/auth/logout")
    store = request.app.state.sessions
    fresh = store.new()
    store.drop(session)
    request.state.session = fresh
    return redirect("/logged-out")


async def extend(request: Request) -> Response:
    form = await read_form(request)
    session = session_of(request)
    if session.signed_in:
        r = await api(request, "POST", "/auth/extend")
        if r.status_code == 200:
            now, expires_in = time.time(), int(r.json()["expires_in"])
            session.cap = cap_after_extend(now, session.idle_s or expires_in, expires_in)
            session.expires_at = now + expires_in
    return redirect(safe_path(text(form, "next")), "session_extended", request)


async def _emailed_request(request: Request, template: str, title_key: str, path: str,
                           keys: tuple[str, ...]) -> Response:
    """A form whose answer comes by email (forgotten user ID, forgotten password): the form,
    then intake's 202 as "sent", or its refusal at the fields."""
    if request.method == "GET":
        return render(request, template, title_key=title_key, values={})
    form = await read_form(request)
    values = {key: text(form, key) for key in keys}
    r = await api(request, "POST", path, json=values)
    if r.status_code != 202:
        return render(request, template, status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang_of(request), known=set(values)),
                      title_key=title_key, values=values)
    return render(request, "message.html", title_key=title_key, message_key="request_sent")


async def user_id_reminder(request: Request) -> Response:
    return await _emailed_request(request, "forgot_user_id.html", "user_id_reminder_title",
                                  "/accounts/user-id-reminders", ("email", "latin_name"))


async def password_reset_request(request: Request) -> Response:
    return await _emailed_request(request, "forgot_password.html", "password_reset_title",
                                  "/accounts/password-reset-requests", ("login_id", "email"))


async def password_reset_link(request: Request) -> Response:
    """The emailed link: the token moves into the session and off the address bar."""
    token = request.query_params.get("token")
    if token:
        session_of(request).data["reset_token"] = token
        return redirect("/accounts/password-reset")
    lang = lang_of(request)
    token = session_of(request).data.get("reset_token")
    if not token:
        return render(request, "message.html", status_code=400,
                      title_key="password_reset_new_title", message_key="link_invalid")
    if request.method == "GET":
        r = await api(request, "GET", "/accounts/password-reset", params={"token": token})
        if r.status_code != 200:
            return render(request, "message.html", status_code=r.status_code,
                          problems=from_error_body(body_of(r), lang),
                          title_key="password_reset_new_title", message_key="link_invalid")
        return render(request, "password_reset.html", title_key="password_reset_new_title")
    form = await read_form(request)
    password = form.get("password") if isinstance(form.get("password"), str) else ""
    r = await api(request, "POST", "/accounts/password-reset",
                  json={"token": token, "password": password})
    if r.status_code != 200:
        return render(request, "password_reset.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang, known={"password"}),
                      title_key="password_reset_new_title")
    session_of(request).data.pop("reset_token", None)
    return redirect("/login", "password_reset_done", request)


async def email_change_link(request: Request) -> Response:
    """The link mailed to a new address: opening it makes the address effective."""
    token = request.query_params.get("token", "")
    r = await api(request, "GET", "/accounts/email-change", params={"token": token})
    if r.status_code != 200:
        return render(request, "message.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang_of(request)),
                      title_key="change_email", message_key="link_invalid")
    return render(request, "message.html", title_key="change_email",
                  message_key="email_changed")


def _t(key: str, lang: str) -> str:
    from ..messages import translate

    return translate(key, lang)


ROUTES = [
    Route("/", top),
    Route("/lang", switch_language, methods=["POST"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout_confirm, methods=["GET"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/logged-out", logged_out, methods=["GET"]),
    Route("/session/extend", extend, methods=["POST"]),
    Route("/forgot/user-id", user_id_reminder, methods=["GET", "POST"]),
    Route("/forgot/password", password_reset_request, methods=["GET", "POST"]),
    Route("/accounts/password-reset", password_reset_link, methods=["GET", "POST"]),
    Route("/accounts/email-change", email_change_link),
]
