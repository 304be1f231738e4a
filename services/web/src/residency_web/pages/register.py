"""Registration (manual §3.2): terms → email → the emailed link → profile and password (the
rule shown while typing) → confirm → done with the user ID."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..intake import body_of
from ..messages import translate
from ..problems import Problems, from_error_body
from ..web import api, lang_of, read_form, redirect, render, session_of, text

USER_TYPES = ("organization_staff", "foreign_national", "legal_representative", "relative",
              "lawyer_or_scrivener")
PROFILE_FIELDS = {"user_type", "latin_name", "phone", "password", "password_confirm"}


async def terms(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "register_terms.html", title_key="register_title")
    form = await read_form(request)
    if text(form, "agree") != "true":
        problems = Problems()
        problems.add(translate("error_agree_required", lang_of(request)), "agree")
        return render(request, "register_terms.html", status_code=422, problems=problems,
                      title_key="register_title")
    session_of(request).data["terms_agreed"] = True
    return redirect("/register/email")


async def email(request: Request) -> Response:
    if not session_of(request).data.get("terms_agreed"):
        return redirect("/register")
    if request.method == "GET":
        return render(request, "register_email.html", title_key="register_title", values={})
    form = await read_form(request)
    values = {"email": text(form, "email"), "email_confirm": text(form, "email_confirm")}
    lang = lang_of(request)
    problems = email_problems(values["email"], values["email_confirm"], lang)
    if problems:
        return render(request, "register_email.html", status_code=422, problems=problems,
                      title_key="register_title", values=values)
    r = await api(request, "POST", "/accounts/registrations", json={"email": values["email"]})
    if r.status_code != 202:
        return render(request, "register_email.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang, known={"email"}),
                      title_key="register_title", values=values)
    return render(request, "message.html", title_key="register_mail_sent_title",
                  message_key="register_mail_sent")


def email_problems(email: str, again: str, lang: str) -> Problems:
    """メールアドレス and メールアドレス（確認用）: both given, and the same as typed (spaces
    around them aside). The messages can be rebuilt in the other language."""
    problems = Problems(rebuild=lambda other: email_problems(email, again, other))
    if not email:
        problems.add(translate("error_email_required", lang), "email")
    if not again:
        problems.add(translate("error_email_confirm_required", lang), "email_confirm")
    elif email and again != email:
        problems.add(translate("error_email_mismatch", lang), "email_confirm")
    return problems


async def link(request: Request) -> Response:
    """The emailed link (intake's path, so INTAKE_PUBLIC_BASE_URL may name this site): the
    token moves into the session and off the address bar."""
    token = request.query_params.get("token")
    if token:
        session_of(request).data["registration_token"] = token
    return redirect("/register/profile")


async def _link_problem(request: Request) -> Response | None:
    token = session_of(request).data.get("registration_token")
    if not token:
        return render(request, "message.html", status_code=400, title_key="register_title",
                      message_key="link_invalid")
    r = await api(request, "GET", "/accounts/registration", params={"token": token})
    if r.status_code != 200:
        return render(request, "message.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang_of(request)),
                      title_key="register_title", message_key="link_invalid")
    session_of(request).data["registration_email"] = r.json()["email"]
    return None


async def profile(request: Request) -> Response:
    session = session_of(request)
    if request.method == "GET":
        if (problem := await _link_problem(request)) is not None:
            return problem
        return render(request, "register_profile.html", title_key="profile_title",
                      values=session.data.get("registration", {}), user_types=USER_TYPES,
                      email=session.data.get("registration_email"))
    form = await read_form(request)
    values = {k: text(form, k) for k in ("user_type", "latin_name", "phone")}
    password = str(form.get("password") or "")
    if password != str(form.get("password_confirm") or ""):
        problems = Problems()
        problems.add(translate("error_password_mismatch", lang_of(request)), "password_confirm")
        return render(request, "register_profile.html", status_code=422, problems=problems,
                      title_key="profile_title", values=values, user_types=USER_TYPES,
                      email=session.data.get("registration_email"))
    session.data["registration"] = values | {"password": password}
    return redirect("/register/confirm")


async def confirm(request: Request) -> Response:
    session = session_of(request)
    registration = session.data.get("registration")
    token = session.data.get("registration_token")
    if not registration or not token:
        return redirect("/register")
    if request.method == "GET":
        return render(request, "register_confirm.html", title_key="confirm_title",
                      values=registration, email=session.data.get("registration_email"))
    await read_form(request)
    r = await api(request, "POST", "/accounts/registration", json=registration | {"token": token})
    if r.status_code != 201:
        values = {k: v for k, v in registration.items() if k != "password"}
        return render(request, "register_profile.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang_of(request),
                                               known=PROFILE_FIELDS),
                      title_key="profile_title", values=values, user_types=USER_TYPES,
                      email=session.data.get("registration_email"))
    for key in ("registration", "registration_token", "registration_email", "terms_agreed"):
        session.data.pop(key, None)
    session.data["registered_login_id"] = r.json()["login_id"]
    return redirect("/register/done")


async def done(request: Request) -> Response:
    login_id = session_of(request).data.get("registered_login_id")
    if not login_id:
        return redirect("/register")
    return render(request, "register_done.html", title_key="register_done_title",
                  login_id=login_id)


ROUTES = [
    Route("/register", terms, methods=["GET", "POST"]),
    Route("/register/email", email, methods=["GET", "POST"]),
    Route("/accounts/registration", link),
    Route("/register/profile", profile, methods=["GET", "POST"]),
    Route("/register/confirm", confirm, methods=["GET", "POST"]),
    Route("/register/done", done),
]
