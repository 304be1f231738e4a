"""Bulk filing (一括申請, manual §5): templates to download, the file uploaded, the row table
with 正常/要確認, a row fixed on the page, per-row photo and documents, filing all at once,
the bulk number."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..forms import column_labels
from ..intake import body_of
from ..messages import translate
from ..problems import Problems, from_error_body
from ..web import (
    api,
    delete_file,
    download,
    lang_of,
    passed_on,
    read_form,
    redirect,
    render,
    require_login,
    session_of,
    text,
)

STAFF = "organization_staff"
MAX_BULK_BYTES = 5 * 1024 * 1024


async def _bulk_procedures(request: Request) -> list[dict[str, Any]]:
    r = await api(request, "GET", "/procedures", params={"per_page": 50,
                                                         "lang": lang_of(request)})
    return [p for p in (r.json()["items"] if r.status_code == 200 else []) if p.get("bulk")]


def _code(request: Request) -> str:
    code = str(request.path_params["code"]).upper()
    if not code.isalpha() or len(code) != 3:
        raise HTTPException(404)
    return code


async def start(request: Request) -> Response:
    require_login(request, STAFF)
    return render(request, "bulk_start.html", title_key="bulk_title",
                  procedures=await _bulk_procedures(request))


async def template(request: Request) -> Response:
    code, fmt = _code(request), request.path_params["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404)
    r = await download(request, f"/bulk/{code}/template.{fmt}?examples=true")
    if r.status_code != 200:
        raise HTTPException(404)
    return passed_on(r)


async def upload(request: Request) -> Response:
    require_login(request, STAFF)
    code = _code(request)
    form = await read_form(request)
    file = form.get("file")
    lang = lang_of(request)
    if not isinstance(file, UploadFile) or not file.filename:
        problems = Problems()
        problems.add(translate("error_file_required", lang), "file")
        return render(request, "bulk_start.html", status_code=422, problems=problems,
                      title_key="bulk_title", procedures=await _bulk_procedures(request))
    data = await file.read(MAX_BULK_BYTES + 1)
    r = await api(request, "POST", f"/bulk/{code}",
                  files={"file": (file.filename, data, file.content_type or "text/csv")})
    if r.status_code != 201:
        return render(request, "bulk_start.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang, known={"file"}),
                      title_key="bulk_title", procedures=await _bulk_procedures(request))
    return redirect(f"/bulk/{code}")


async def _current(request: Request, code: str) -> dict[str, Any] | None:
    r = await api(request, "GET", f"/bulk/{code}")
    if r.status_code != 200:
        return None
    result: dict[str, Any] = r.json()
    return result


def _pending(upload: dict[str, Any]) -> bool:
    return any(row.get("attachments_pending") for row in upload.get("rows", []))


async def table_page(request: Request, problems: Problems | None = None,
                     status_code: int = 200) -> Response:
    require_login(request, STAFF)
    code = _code(request)
    upload = await _current(request, code)
    if upload is None:
        return redirect("/bulk")
    return render(request, "bulk_table.html", status_code=status_code, problems=problems,
                  title_key="bulk_title", code=code, upload=upload, pending=_pending(upload),
                  columns=column_labels(code))


async def table_fragment(request: Request) -> Response:
    require_login(request, STAFF)
    code = _code(request)
    upload = await _current(request, code)
    if upload is None:
        raise HTTPException(404)
    return render(request, "_bulk_rows.html", code=code, upload=upload,
                  pending=_pending(upload), columns=column_labels(code))


def _row(upload: dict[str, Any], n: int) -> dict[str, Any]:
    for row in upload.get("rows", []):
        if int(row["row"]) == n:
            return dict(row)
    raise HTTPException(404)


async def row_page(request: Request) -> Response:
    require_login(request, STAFF)
    code, n = _code(request), int(request.path_params["n"])
    upload = await _current(request, code)
    if upload is None:
        return redirect("/bulk")
    row = _row(upload, n)
    lang = lang_of(request)
    columns = column_labels(code)
    labels = {column: key for column, (key, _) in columns.items()}
    if request.method == "GET":
        problems = from_error_body({"errors": row["errors"]}, lang, known=set(row["cells"]),
                                   labels=labels) if row["errors"] else None
        return render(request, "bulk_row.html", problems=problems, title_key="bulk_row_title",
                      code=code, row=row, values=row["cells"], columns=columns)
    form = await read_form(request)
    cells = {column: text(form, column) for column in row["cells"]}
    changed = {k: (v or None) for k, v in cells.items() if v != (row["cells"].get(k) or "")}
    r = await api(request, "PUT", f"/bulk/{code}/rows/{n}", json={"cells": changed})
    if r.status_code != 200:
        return render(request, "bulk_row.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang, known=set(row["cells"]),
                                               labels=labels),
                      title_key="bulk_row_title", code=code, row=row, values=cells,
                      columns=columns)
    fixed = r.json()
    if fixed["status"] != "ok":
        return render(request, "bulk_row.html", status_code=422,
                      problems=from_error_body({"errors": fixed["errors"]}, lang,
                                               known=set(row["cells"]), labels=labels),
                      title_key="bulk_row_title", code=code, row=fixed, values=cells,
                      columns=columns)
    return redirect(f"/bulk/{code}", "bulk_row_fixed", request)


async def row_inline(request: Request) -> Response:
    """The fix typed into the row table itself: the failing cells only. With htmx the table
    is swapped in place; without it the page reloads."""
    require_login(request, STAFF)
    code, n = _code(request), int(request.path_params["n"])
    form = await read_form(request)
    upload = await _current(request, code)
    if upload is None:
        return redirect("/bulk")
    row = _row(upload, n)
    cells = {str(e["field"]): text(form, f"cell:{e['field']}") or None
             for e in row["errors"] if e.get("field") in row["cells"]}
    r = await api(request, "PUT", f"/bulk/{code}/rows/{n}", json={"cells": cells})
    problems = None
    if r.status_code != 200:
        problems = from_error_body(body_of(r), lang_of(request))
    if request.headers.get("HX-Request") == "true":
        fresh = await _current(request, code) or upload
        return render(request, "_bulk_rows.html", code=code, upload=fresh,
                      pending=_pending(fresh), problems=problems, columns=column_labels(code))
    if problems is not None:
        return await table_page(request, problems, r.status_code)
    fixed = r.json()["status"] == "ok"
    return redirect(f"/bulk/{code}", "bulk_row_fixed" if fixed else None, request)


async def row_attach(request: Request) -> Response:
    require_login(request, STAFF)
    code, n = _code(request), int(request.path_params["n"])
    form = await read_form(request)
    kind = "photo" if text(form, "kind") == "photo" else "document"
    file = form.get("file")
    back = f"/bulk/{code}" if text(form, "back") == "table" else f"/bulk/{code}/rows/{n}"
    if not isinstance(file, UploadFile) or not file.filename:
        session_of(request).data["notice"] = "error_file_required"
        return redirect(back)
    data = await file.read()
    r = await api(request, "POST", f"/bulk/{code}/rows/{n}/attachments", params={"kind": kind},
                  files={"file": (file.filename, data, file.content_type or
                                  "application/octet-stream")})
    if r.status_code != 202:
        return await table_page(request, from_error_body(body_of(r), lang_of(request)),
                                r.status_code)
    return redirect(back)


async def row_detach(request: Request) -> Response:
    """[削除] on one file of a row (manual §5.3.4): a refused file no longer blocks the rows."""
    require_login(request, STAFF)
    code, n = _code(request), int(request.path_params["n"])
    return await delete_file(
        request, f"/bulk/{code}/rows/{n}/attachments/{request.path_params['file']}",
        f"/bulk/{code}/rows/{n}", table_page)


async def file_all(request: Request) -> Response:
    require_login(request, STAFF)
    code = _code(request)
    await read_form(request)
    upload = await _current(request, code)
    key = f"web-bulk-{upload['upload_id']}" if upload else None
    r = await api(request, "POST", f"/bulk/{code}/file",
                  headers={"Idempotency-Key": key} if key else None)
    if r.status_code != 200:
        return await table_page(request, from_error_body(body_of(r), lang_of(request)),
                                r.status_code)
    session_of(request).data[f"bulk_filed:{code}"] = r.json()
    return redirect(f"/bulk/{code}/filed")


async def filed(request: Request) -> Response:
    require_login(request, STAFF)
    code = _code(request)
    result = session_of(request).data.get(f"bulk_filed:{code}")
    if result is None:
        return redirect(f"/bulk/{code}")
    return render(request, "bulk_filed.html", title_key="bulk_filed_title", result=result)


ROUTES = [
    Route("/bulk", start),
    Route("/bulk/{code}/template.{fmt}", template),
    Route("/bulk/{code}/upload", upload, methods=["POST"]),
    Route("/bulk/{code}", table_page, methods=["GET"]),
    Route("/bulk/{code}/table", table_fragment),
    Route("/bulk/{code}/rows/{n:int}", row_page, methods=["GET", "POST"]),
    Route("/bulk/{code}/rows/{n:int}/attachments", row_attach, methods=["POST"]),
    Route("/bulk/{code}/rows/{n:int}/attachments/{file:uuid}/delete", row_detach,
          methods=["POST"]),
    Route("/bulk/{code}/rows/{n:int}/inline", row_inline, methods=["POST"]),
    Route("/bulk/{code}/file", file_all, methods=["POST"]),
    Route("/bulk/{code}/filed", filed),
]
