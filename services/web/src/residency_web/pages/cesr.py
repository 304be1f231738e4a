"""Checking an electronic CESR (在留資格認定証明書): by its number, or its PDF (no login)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..intake import body_of
from ..problems import from_error_body
from ..web import api, lang_of, read_form, render, text

MAX_PDF = 5 * 1024 * 1024


async def verify(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "cesr_verify.html", title_key="cesr_verify_title", values={},
                      result=None)
    form = await read_form(request)
    values = {"cesr_number": text(form, "cesr_number")}
    file = form.get("file")
    kwargs: dict[str, Any]
    if isinstance(file, UploadFile) and file.filename:
        data = await file.read(MAX_PDF + 1)
        kwargs = {"files": {"file": (file.filename, data, "application/pdf")}}
    else:
        kwargs = {"json": {"cesr_number": values["cesr_number"]}}
    r = await api(request, "POST", "/cesr/verify", **kwargs)
    if r.status_code != 200:
        return render(request, "cesr_verify.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang_of(request),
                                               known={"cesr_number", "file"},
                                               labels={"file": "cesr_pdf"}),
                      title_key="cesr_verify_title", values=values, result=None)
    return render(request, "cesr_verify.html", title_key="cesr_verify_title", values=values,
                  result=r.json())


ROUTES = [Route("/cesr/verify", verify, methods=["GET", "POST"])]
