"""Filing (manual §4): the form in sections with draft save/load → created → photo and
documents with each verdict (polled with htmx) and what is left of 20 files / 25 MB → the
confirmation page → filed, with the numbers. Then the status list (§7.1), the detail and its
printable view, and answering a correction request (§7.2)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import correction_answer
from ..application_actions import can_go_back_to_form, deletable, receipt_methods_offered
from ..forms import (
    FORMS,
    body_from_form,
    display_rows,
    draft_of,
    error_fields,
    fields_of,
    flagged_controls,
    simultaneous_renames,
    values_from_body,
)
from ..intake import body_of
from ..problems import Problems, from_error_body
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
    safe_path,
    session_of,
    text,
)
from .mypage import FILER_ROLES
from .unfiled import replace, replaced_by_form

MAX_FILES, MAX_BYTES = 20, 25 * 1024 * 1024
PER_PAGE = (10, 20, 50)


def _sections(code: str) -> Any:
    sections = FORMS.get(code.upper())
    if sections is None:
        raise HTTPException(404)
    return sections


async def form_page(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    code = request.path_params["code"].upper()
    sections = _sections(code)
    values = session_of(request).data.get(f"form:{code}", {})
    return render(request, "apply.html", title_key="application_title", code=code,
                  sections=sections, values=values,
                  flagged=session_of(request).data.get(f"flagged:{code}", []),
                  replaces=replaced_by_form(request, code, request.query_params.get("replace")))


async def form_submit(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    code = request.path_params["code"].upper()
    sections = _sections(code)
    form = await read_form(request)
    lang, action = lang_of(request), text(form, "action")
    known = {f.name for f in fields_of(sections)}
    labels = {f.name: f.label for f in fields_of(sections)}
    body = body_from_form(sections, form)
    values = values_from_body(sections, body)
    session_of(request).data[f"form:{code}"] = values
    replaces = replaced_by_form(request, code, text(form, "replaces"))

    def again(status: int, problems: Problems | None = None, notice: str | None = None
              ) -> Response:
        if notice:
            session_of(request).data["notice"] = notice
        return render(request, "apply.html", status_code=status, problems=problems,
                      title_key="application_title", code=code, sections=sections,
                      values=values, flagged=session_of(request).data.get(f"flagged:{code}", []),
                      replaces=replaces)

    def refused(r: Any) -> Response:
        refusal = body_of(r)
        return again(r.status_code, from_error_body(
            refusal, lang, simultaneous_renames(body, error_fields(refusal)), known=known,
            labels=labels))

    if action == "save":
        r = await api(request, "PUT", f"/drafts/{code}", json=draft_of(body))
        if r.status_code != 200:
            return refused(r)
        return again(200, notice="draft_saved")
    if action == "load":
        r = await api(request, "GET", f"/drafts/{code}")
        if r.status_code != 200:
            return again(200, notice="no_draft")
        values = values_from_body(sections, r.json())
        session_of(request).data[f"form:{code}"] = values
        return again(200, notice="draft_loaded")
    r = await api(request, "POST", "/applications", json={"procedure": code} | body)
    if r.status_code != 201:
        return refused(r)
    session_of(request).data.pop(f"form:{code}", None)
    session_of(request).data.pop(f"flagged:{code}", None)
    notice = await replace(request, code, replaces) if replaces else None
    return redirect(f"/applications/{r.json()['id']}/attachments", notice, request)


def _back_to_form(app: dict[str, Any]) -> str | None:
    """入力へ戻る on an unfiled application's pages: "offered", "blocked" (files attached),
    or None (filed, or no form for it)."""
    if not deletable(app) or app["procedure"] not in FORMS:
        return None
    return "offered" if can_go_back_to_form(app) else "blocked"


async def _application(request: Request) -> dict[str, Any]:
    r = await api(request, "GET", f"/applications/{request.path_params['id']}")
    if r.status_code in (404, 422):
        raise HTTPException(404)
    if r.status_code == 403:
        raise HTTPException(403)
    result: dict[str, Any] = r.json()
    return result


def _remaining(attachments: list[dict[str, Any]]) -> dict[str, Any]:
    return correction_answer.remaining(attachments, MAX_FILES, MAX_BYTES)


async def attachments_page(request: Request, problems: Problems | None = None,
                           status_code: int = 200) -> Response:
    require_login(request, *FILER_ROLES)
    app = await _application(request)
    return render(request, "attachments.html", status_code=status_code, problems=problems,
                  title_key="attachments_title", app=app, remaining=_remaining(app["attachments"]),
                  back_to_form=_back_to_form(app))


async def attachments_table(request: Request) -> Response:
    """The htmx fragment: the files with their verdicts; it polls itself while one is pending."""
    require_login(request, *FILER_ROLES)
    app = await _application(request)
    return render(request, "_attachments_table.html", app=app,
                  remaining=_remaining(app["attachments"]))


async def open_attachment(request: Request) -> Response:
    """開く on an accepted file: the copy intake accepted (a download, never shown inline),
    passed on in chunks; a file with no accepted copy (still being checked, refused) shows
    intake's reason on the files page (unfiled) or the detail page (filed)."""
    require_login(request, *FILER_ROLES)
    app_id, file_id = request.path_params["id"], request.path_params["file"]
    r = await download(request, f"/applications/{app_id}/attachments/{file_id}")
    if r.status_code == 409:
        if (await _application(request)).get("state") == "draft":
            return await attachments_page(
                request, from_error_body(body_of(r), lang_of(request), known=set()), 409)
        return await detail(request, body_of(r), 409)
    if r.status_code != 200:
        raise HTTPException(404)
    return passed_on(r)


async def upload(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    form = await read_form(request)
    lang = lang_of(request)
    kind = "photo" if text(form, "kind") == "photo" else "document"
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        problems = Problems()
        problems.add(_t("error_file_required", lang), f"file_{kind}")
        return await attachments_page(request, problems, 422)
    data = await file.read()
    r = await api(request, "POST", f"/applications/{request.path_params['id']}/attachments",
                  params={"kind": kind},
                  files={"file": (file.filename, data, file.content_type or
                                  "application/octet-stream")})
    if r.status_code != 202:
        problems = from_error_body(body_of(r), lang, {"file": f"file_{kind}"},
                                   known={f"file_{kind}"})
        return await attachments_page(request, problems, r.status_code)
    back = text(form, "back")
    return redirect(back if back.startswith("/applications/") else
                    f"/applications/{request.path_params['id']}/attachments")


async def delete_attachment(request: Request) -> Response:
    """[削除] on one file (manual §4.2.2–4.2.3): intake deletes it while the application can
    still change; the page shows the files left and what is left of 20 files / 25 MB."""
    require_login(request, *FILER_ROLES)
    form = await read_form(request)
    app_id = request.path_params["id"]
    r = await api(request, "DELETE",
                  f"/applications/{app_id}/attachments/{request.path_params['file']}")
    if r.status_code != 204:
        return await attachments_page(request, from_error_body(body_of(r), lang_of(request)),
                                      r.status_code)
    back = text(form, "back")
    return redirect(back if back.startswith("/applications/") else
                    f"/applications/{app_id}/attachments", "attachment_deleted", request)


async def confirm_page(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    app = await _application(request)
    return _confirm(request, app)


def _confirm(request: Request, app: dict[str, Any], problems: Problems | None = None,
             status_code: int = 200) -> Response:
    sections = FORMS.get(app["procedure"], ())
    values = values_from_body(sections, {"content": app["content"]})
    return render(request, "confirm_application.html", status_code=status_code,
                  problems=problems, title_key="confirm_application_title", app=app,
                  rows_by_section=display_rows(sections, values),
                  remaining=_remaining(app["attachments"]), back_to_form=_back_to_form(app))


async def file(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    await read_form(request)
    app_id = request.path_params["id"]
    r = await api(request, "POST", f"/applications/{app_id}/file")
    if r.status_code != 200:
        app = await _application(request)
        return _confirm(request, app, from_error_body(body_of(r), lang_of(request)),
                        r.status_code)
    session_of(request).data[f"filed:{app_id}"] = r.json()
    return redirect(f"/applications/{app_id}/filed")


async def filed(request: Request) -> Response:
    require_login(request, *FILER_ROLES)
    numbers = session_of(request).data.get(f"filed:{request.path_params['id']}")
    if numbers is None:
        return redirect(f"/applications/{request.path_params['id']}")
    return render(request, "filed.html", title_key="filed_title", numbers=numbers)


async def detail(request: Request, refused: Any = None, status_code: int = 200) -> Response:
    """The application's detail (and printable) page; `refused`: an error body of intake's
    to show on it (else one a refused form left in the session)."""
    require_login(request, *FILER_ROLES)
    app = await _application(request)
    corrections: list[dict[str, Any]] = []
    if app.get("status") == "returned":
        r = await api(request, "GET", f"/applications/{app['id']}/corrections")
        corrections = [c for c in (r.json() if r.status_code == 200 else [])
                       if not c.get("answered_at")]
    sections = FORMS.get(app["procedure"], ())
    values = values_from_body(sections, {"content": app["content"]})
    printable = request.url.path.endswith("/print")
    kept = refused or session_of(request).data.pop("problems", None)
    problems = from_error_body(kept, lang_of(request),
                               known={"receipt_method", "counter_bureau"}) if kept else None
    return render(request, "application.html", problems=problems,
                  status_code=status_code, title_key="application_detail", app=app,
                  rows_by_section=display_rows(sections, values), corrections=corrections,
                  printable=printable, remaining=_remaining(app["attachments"]),
                  receipt_methods=receipt_methods_offered(app), deletable=deletable(app))


async def _answer(request: Request) -> tuple[dict[str, Any], list[dict[str, Any]],
                                              list[dict[str, Any]]]:
    """The application, all its correction requests and the files added for the answer."""
    app = await _application(request)
    r = await api(request, "GET", f"/applications/{app['id']}/corrections")
    requests = r.json() if r.status_code == 200 else []
    return app, requests, correction_answer.answer_files(app["attachments"], requests)


def _corrections(request: Request, app: dict[str, Any], requests: list[dict[str, Any]],
                 files: list[dict[str, Any]], template: str = "corrections.html",
                 problems: Problems | None = None, status_code: int = 200) -> Response:
    return render(request, template, status_code=status_code, problems=problems,
                  title_key="corrections_title", app=app,
                  requests=correction_answer.open_requests(requests), note_field=(
                      correction_answer.note_field), files=files,
                  remaining=correction_answer.remaining(files, MAX_FILES, MAX_BYTES))


async def corrections_page(request: Request) -> Response:
    """修正 (manual §7.2): every open request with its own form, answered by its id; the
    files added since the newest (a fresh 20 files / 25 MB, each deletable until the answer
    is sent) go with the answer."""
    require_login(request, *FILER_ROLES)
    app, requests, files = await _answer(request)
    if request.method == "GET":
        return _corrections(request, app, requests, files)
    form = await read_form(request)
    request_id = text(form, "request_id")
    answered = correction_answer.answered_request(requests, request_id)
    items = answered["items"] if answered else []
    notes = [text(form, correction_answer.note_field(answered, i)
                  if answered and request_id else f"note_{i}") for i in range(len(items))]
    path = f"/applications/{app['id']}/corrections" + (f"/{request_id}" if request_id else "")
    r = await api(request, "POST", path,
                  json={"items": correction_answer.answer_items(answered, notes)})
    if r.status_code != 202:
        return _corrections(request, app, requests, files,
                            problems=from_error_body(body_of(r), lang_of(request)),
                            status_code=r.status_code)
    return redirect(f"/applications/{app['id']}", "correction_answered", request)


async def corrections_table(request: Request) -> Response:
    """The htmx fragment of the answer's files; it polls itself while one is pending."""
    require_login(request, *FILER_ROLES)
    app, requests, files = await _answer(request)
    return _corrections(request, app, requests, files, "_answer_files.html")


async def receipt_method(request: Request) -> Response:
    """受領方法の変更 (RCV, manual §7.3)."""
    require_login(request, *FILER_ROLES)
    form = await read_form(request)
    app_id = request.path_params["id"]
    body: dict[str, Any] = {"receipt_method": text(form, "receipt_method") or None}
    if text(form, "counter_bureau"):
        body["counter_bureau"] = text(form, "counter_bureau")
    r = await api(request, "POST", f"/applications/{app_id}/receipt-method", json=body)
    if r.status_code != 202:
        session_of(request).data["problems"] = body_of(r)
        return redirect(f"/applications/{app_id}")
    return redirect(f"/applications/{app_id}", "receipt_method_changed", request)


async def reuse(request: Request) -> Response:
    """過去の申請の再利用 (manual §8.3): the earlier application's content into the form;
    fields whose rule changed since are blank and highlighted."""
    require_login(request, *FILER_ROLES)
    form = await read_form(request)
    app_id = request.path_params["id"]
    r = await api(request, "POST", f"/applications/{app_id}/reuse")
    if r.status_code != 201:
        # refused (e.g. REUSE_TOO_OLD): shown on the page the filer chose it from
        session_of(request).data["problems"] = body_of(r)
        return redirect(reuse_refused_at(text(form, "back"), app_id))
    draft = r.json()
    code = str(draft["procedure"])
    if code not in FORMS:
        return redirect(f"/applications/{app_id}")
    session = session_of(request)
    session.data[f"form:{code}"] = values_from_body(FORMS[code], draft)
    session.data[f"flagged:{code}"] = flagged_controls(draft)
    return redirect(f"/apply/{code}", "reused", request)


def reuse_refused_at(back: str, app_id: str) -> str:
    """Where a refused reuse shows its reason: the earlier-applications list it was chosen
    from (`back`, that list's address), else the application's detail page."""
    path = safe_path(back, default="")
    parts = path.split("?", 1)[0].split("/")
    if len(parts) == 4 and parts[:2] == ["", "apply"] and parts[3] == "earlier":
        return path
    return f"/applications/{app_id}"


SEARCH_KEYS = ("q", "procedure_q", "filed_from", "filed_to", "order")


async def status_list(request: Request) -> Response:
    """Search terms (a name, a number) travel by POST and stay in the session, never in the
    address; page and page size are in the query."""
    require_login(request, *FILER_ROLES)
    session = session_of(request)
    if request.method == "POST":
        form = await read_form(request)
        session.data["status_search"] = {k: text(form, k) for k in SEARCH_KEYS}
        size = text(form, "per_page")
        return redirect(f"/applications?per_page={size if size.isdigit() else 10}")
    search = session.data.get("status_search", {})
    page, per_page = page_and_size(request, PER_PAGE)
    params: dict[str, Any] = {"page": page, "per_page": per_page, "sort": "filed_at",
                              "order": search.get("order") or "desc"}
    for key in ("q", "procedure_q"):
        if search.get(key):
            params[key] = search[key]
    for key in ("filed_from", "filed_to"):
        if search.get(key):
            params[key] = search[key].replace("-", "")
    r = await api(request, "GET", "/applications", params=params)
    problems = None
    result: dict[str, Any] = {"items": [], "total": 0}
    if r.status_code == 200:
        result = r.json()
    else:
        problems = from_error_body(body_of(r), lang_of(request), known=set(SEARCH_KEYS))
    pages = max(1, -(-int(result["total"]) // per_page))
    return render(request, "status_list.html", status_code=200 if problems is None else
                  r.status_code, problems=problems, title_key="status_title",
                  search=search, result=result, applications=result["items"], page=page,
                  pages=pages, per_page=per_page, per_page_choices=PER_PAGE)


def _t(key: str, lang: str) -> str:
    from ..messages import translate

    return translate(key, lang)


ROUTES = [
    Route("/apply/{code}", form_page, methods=["GET"]),
    Route("/apply/{code}", form_submit, methods=["POST"]),
    Route("/applications", status_list, methods=["GET", "POST"]),
    Route("/applications/{id:uuid}", detail),
    Route("/applications/{id:uuid}/print", detail),
    Route("/applications/{id:uuid}/attachments", attachments_page, methods=["GET"]),
    Route("/applications/{id:uuid}/attachments", upload, methods=["POST"]),
    Route("/applications/{id:uuid}/attachments/table", attachments_table),
    Route("/applications/{id:uuid}/attachments/{file:uuid}", open_attachment, methods=["GET"]),
    Route("/applications/{id:uuid}/attachments/{file:uuid}/delete", delete_attachment,
          methods=["POST"]),
    Route("/applications/{id:uuid}/confirm", confirm_page),
    Route("/applications/{id:uuid}/file", file, methods=["POST"]),
    Route("/applications/{id:uuid}/filed", filed),
    Route("/applications/{id:uuid}/corrections", corrections_page, methods=["GET", "POST"]),
    Route("/applications/{id:uuid}/corrections/table", corrections_table),
    Route("/applications/{id:uuid}/receipt-method", receipt_method, methods=["POST"]),
    Route("/applications/{id:uuid}/reuse", reuse, methods=["POST"]),
]
