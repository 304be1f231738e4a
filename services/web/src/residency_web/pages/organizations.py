"""Usage request (利用申出, manual §3.3): the organization's details → PDFs with their verdicts
→ submit → its status; answering a correction request of it."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import correction_answer
from ..filing_summary import filing_rows
from ..intake import body_of
from ..messages import translate
from ..problems import Problems, from_error_body
from ..web import (
    api,
    delete_file,
    lang_of,
    read_form,
    redirect,
    render,
    require_login,
    text,
)
from .applications import MAX_BYTES
from .mypage import FILER_ROLES

BUREAUS = ("札", "仙", "東", "名", "大", "広", "高", "福")
FIELDS = {"kind", "organization.name", "organization.name_kana", "organization.address",
          "organization.phone", "bureau", "agent_certificate_number", "organization_id",
          "first_request_office"}
MAX_FILES, MAX_FILING_BYTES = 20, 20 * 1024 * 1024


def _remaining(attachments: list[dict[str, Any]]) -> dict[str, Any]:
    return correction_answer.remaining(attachments, MAX_FILES, MAX_FILING_BYTES)


async def filings_of(request: Request, procedure: str | None = None) -> list[dict[str, Any]]:
    """The usage requests and periodic reports the user may act on (intake lists them, so they
    are found again after logging out or in another browser), newest first."""
    r = await api(request, "GET", "/organizations/filings",
                  params={"procedure": procedure} if procedure else None)
    return list(r.json()) if r.status_code == 200 else []


async def _in_progress(request: Request, procedure: str) -> str | None:
    """The id of the filing that blocks starting another (the user's own usage request; the
    organization's periodic report), if there is one."""
    return next((f["id"] for f in await filings_of(request, procedure) if f["in_progress"]
                 and (procedure == "RPT" or f["filed_by_you"])), None)


async def start(request: Request) -> Response:
    require_login(request, "organization_staff")
    if request.method == "GET":
        if found := await _in_progress(request, "USE"):
            return redirect(f"/usage-request/{found}")
        return render(request, "usage_request.html", title_key="usage_title", values={},
                      bureaus=BUREAUS)
    form = await read_form(request)
    values = {k: text(form, k) for k in FIELDS}
    if values["kind"] == "additional":  # one more staff member of an approved organization
        body: dict[str, Any] = {"kind": "additional",
                                "organization_id": values["organization_id"] or None,
                                "first_request_office": values["first_request_office"] or None}
    else:
        organization = {k: values[f"organization.{k}"] for k in ("name", "name_kana",
                                                                  "address", "phone")
                        if values[f"organization.{k}"]}
        body = {"kind": "new", "organization": organization, "bureau": values["bureau"] or None}
    if values["agent_certificate_number"]:
        body["agent_certificate_number"] = values["agent_certificate_number"]
    r = await api(request, "POST", "/organizations/usage-requests", json=body)
    if r.status_code != 201:
        return render(request, "usage_request.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang_of(request), known=FIELDS),
                      title_key="usage_title", values=values, bureaus=BUREAUS)
    return redirect(f"/usage-request/{r.json()['id']}")


async def _filing(request: Request) -> dict[str, Any]:
    r = await api(request, "GET", f"/organizations/filings/{request.path_params['id']}")
    if r.status_code != 200:
        raise HTTPException(404)
    result: dict[str, Any] = r.json()
    return result


async def _open_requests(request: Request, filing: dict[str, Any]) -> list[dict[str, Any]]:
    """The open correction requests while 返却中, newest first (the one intake answers)."""
    if filing.get("status") != "returned":
        return []
    r = await api(request, "GET", f"/organizations/filings/{filing['id']}/corrections")
    return correction_answer.open_requests(r.json() if r.status_code == 200 else [])


def _files(filing: dict[str, Any], open_requests: list[dict[str, Any]]) -> dict[str, Any]:
    """What is left (of the filing's files, or while 返却中 of the answer's own set) and
    which files may be deleted: any before filing, the answer's while 返却中."""
    if not open_requests:
        deletable = [a["id"] for a in filing["attachments"]] if filing.get("state") == "draft" \
            else []
        return {"remaining": _remaining(filing["attachments"]), "deletable": deletable}
    answer = correction_answer.answer_files(filing["attachments"], open_requests)
    return {"remaining": correction_answer.remaining(answer, MAX_FILES, MAX_FILING_BYTES),
            "deletable": [a["id"] for a in answer]}


async def filing_page(request: Request, problems: Problems | None = None,
                      status_code: int = 200) -> Response:
    require_login(request, "organization_staff")
    filing = await _filing(request)
    corrections = await _open_requests(request, filing)
    return render(request, "usage_filing.html", status_code=status_code, problems=problems,
                  title_key="usage_request_status", filing=filing, corrections=corrections,
                  **_files(filing, corrections))


async def table(request: Request) -> Response:
    require_login(request, "organization_staff")
    filing = await _filing(request)
    return render(request, "_filing_table.html", filing=filing,
                  **_files(filing, await _open_requests(request, filing)))


async def upload(request: Request) -> Response:
    require_login(request, "organization_staff")
    form = await read_form(request)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        problems = Problems()
        problems.add(translate("error_file_required", lang_of(request)), "file_document")
        return await filing_page(request, problems, 422)
    data = await file.read(MAX_BYTES + 1)
    r = await api(request, "POST", f"/organizations/filings/{request.path_params['id']}/attachments",
                  files={"file": (file.filename, data, file.content_type or "application/pdf")})
    if r.status_code != 202:
        return await filing_page(request, from_error_body(
            body_of(r), lang_of(request), {"file": "file_document"}, known={"file_document"}),
            r.status_code)
    return redirect(f"/usage-request/{request.path_params['id']}")


async def delete_attachment(request: Request) -> Response:
    """[削除] on one PDF of a usage request or periodic report (manual §6.2)."""
    require_login(request, "organization_staff")
    filing_id = request.path_params["id"]
    return await delete_file(
        request, f"/organizations/filings/{filing_id}/attachments/{request.path_params['file']}",
        f"/usage-request/{filing_id}", filing_page)


async def confirm(request: Request) -> Response:
    """申込確認 (manual §3.3.4): what was entered and the PDFs, before 申込む; 入力へ戻る goes
    back to the filing page (files can still be added or deleted there). Only for a draft:
    once filed there is nothing left to confirm."""
    require_login(request, "organization_staff")
    filing = await _filing(request)
    if filing.get("status") is not None:
        return redirect(f"/usage-request/{filing['id']}")
    return render(request, "usage_confirm.html", title_key="confirm_application_title",
                  filing=filing, rows=filing_rows(filing["procedure"], filing.get("details") or {}),
                  remaining=_remaining(filing["attachments"]), deletable=[])


async def submit(request: Request) -> Response:
    require_login(request, "organization_staff")
    await read_form(request)
    r = await api(request, "POST", f"/organizations/filings/{request.path_params['id']}/file")
    if r.status_code != 200:
        return await filing_page(request, from_error_body(body_of(r), lang_of(request)),
                                 r.status_code)
    filed = await _filing(request)
    return redirect(f"/usage-request/{request.path_params['id']}",
                    "report_filed" if filed["procedure"] == "RPT" else "usage_filed", request)


async def answer(request: Request) -> Response:
    """The answer to the newest open request (the one intake answers)."""
    require_login(request, "organization_staff")
    form = await read_form(request)
    fid = request.path_params["id"]
    r = await api(request, "GET", f"/organizations/filings/{fid}/corrections")
    open_requests = correction_answer.open_requests(r.json() if r.status_code == 200 else [])
    answered = open_requests[0] if open_requests else None
    notes = [text(form, f"note_{i}") for i in range(len(answered["items"]) if answered else 0)]
    r = await api(request, "POST", f"/organizations/filings/{fid}/corrections",
                  json={"items": correction_answer.answer_items(answered, notes)})
    if r.status_code != 202:
        return await filing_page(request, from_error_body(body_of(r), lang_of(request)),
                                 r.status_code)
    return redirect(f"/usage-request/{fid}", "correction_answered", request)


REPORT_FIELDS = {"phone", "foreign_nationals_count", "remarks"}


async def periodic_report(request: Request) -> Response:
    """定期報告 (manual §6): the report → PDFs → submit, on the same filing page."""
    require_login(request, "organization_staff")
    if request.method == "GET":
        if found := await _in_progress(request, "RPT"):
            return redirect(f"/usage-request/{found}")
        return render(request, "periodic_report.html", title_key="report_title", values={})
    form = await read_form(request)
    values = {k: text(form, k) for k in REPORT_FIELDS}
    body: dict[str, Any] = {"phone": values["phone"], "remarks": values["remarks"] or None,
                            "foreign_nationals_count": int(values["foreign_nationals_count"])
                            if values["foreign_nationals_count"].isdigit()
                            else values["foreign_nationals_count"] or None}
    r = await api(request, "POST", "/organizations/periodic-reports", json=body)
    if r.status_code != 201:
        return render(request, "periodic_report.html", status_code=r.status_code,
                      problems=from_error_body(body_of(r), lang_of(request), known=REPORT_FIELDS),
                      title_key="report_title", values=values)
    return redirect(f"/usage-request/{r.json()['id']}")


async def _cesr_rows(request: Request) -> list[dict[str, Any]]:
    r = await api(request, "GET", "/cesr-receipts", params={"include_registered": "true"})
    return r.json() if r.status_code == 200 else []  # type: ignore[no-any-return]


async def cesr_receipts(request: Request) -> Response:
    """受領登録一覧 (manual §7.4): each certificate with 受領登録依頼日時, 受領登録日時 and
    受領登録状況; [受領登録] leads to a confirmation first. Whoever intake lets register (the
    organization's staff, or the filer) may use the page: intake decides each one."""
    require_login(request, *FILER_ROLES)
    problems, status_code = None, 200
    if request.method == "POST":
        form = await read_form(request)
        app_id = text(form, "application_id")
        r = await api(request, "POST", f"/applications/{app_id}/cesr-receipt")
        if r.status_code in (200, 202):
            return redirect("/cesr-receipts", "cesr_registered", request)
        problems, status_code = from_error_body(body_of(r), lang_of(request)), r.status_code
    return render(request, "cesr_receipts.html", status_code=status_code, problems=problems,
                  title_key="cesr_title", rows=await _cesr_rows(request))


async def cesr_confirm(request: Request) -> Response:
    """受領登録の確認: the certificate to register, and the button that registers it."""
    require_login(request, *FILER_ROLES)
    app_id = str(request.path_params["id"])
    row = next((r for r in await _cesr_rows(request) if r["application_id"] == app_id), None)
    if row is None or row.get("cesr_registered_at"):
        return redirect("/cesr-receipts")
    return render(request, "cesr_confirm.html", title_key="cesr_confirm_title", row=row)


WINDOW_PROCEDURES = ("COE", "ACQ", "CHG", "EXT", "WRK", "REE", "ACT", "RCV")
WINDOW_ROWS = 5


async def intake_windows(request: Request) -> Response:
    """受付期間 of the organization per procedure: up to five date ranges ([] lifts it)."""
    require_login(request, "organization_staff")
    code = str(request.path_params.get("code") or "EXT").upper()
    if code not in WINDOW_PROCEDURES:
        raise HTTPException(404)
    problems, status_code = None, 200
    if request.method == "POST":
        form = await read_form(request)
        windows = [{"start": text(form, f"windows[{i}].start"),
                    "end": text(form, f"windows[{i}].end")} for i in range(WINDOW_ROWS)]
        windows = [w for w in windows if w["start"] or w["end"]]
        r = await api(request, "PUT", f"/organizations/me/intake-windows/{code}",
                      json={"windows": windows})
        if r.status_code == 200:
            return redirect(f"/intake-windows/{code}", "saved", request)
        problems, status_code = from_error_body(body_of(r), lang_of(request)), r.status_code
    r = await api(request, "GET", f"/organizations/me/intake-windows/{code}")
    current = r.json().get("windows", []) if r.status_code == 200 else []
    values = {f"windows[{i}].{k}": w.get(k, "") for i, w in enumerate(current) for k in
              ("start", "end")}
    return render(request, "intake_windows.html", status_code=status_code, problems=problems,
                  title_key="windows_title", code=code, codes=WINDOW_PROCEDURES,
                  values=values, rows=range(WINDOW_ROWS))


ROUTES = [
    Route("/intake-windows", intake_windows, methods=["GET"]),
    Route("/intake-windows/{code}", intake_windows, methods=["GET", "POST"]),
    Route("/periodic-report", periodic_report, methods=["GET", "POST"]),
    Route("/cesr-receipts/{id:uuid}", cesr_confirm),
    Route("/cesr-receipts", cesr_receipts, methods=["GET", "POST"]),
    Route("/usage-request", start, methods=["GET", "POST"]),
    Route("/usage-request/{id:uuid}", filing_page, methods=["GET"]),
    Route("/usage-request/{id:uuid}/table", table),
    Route("/usage-request/{id:uuid}/attachments", upload, methods=["POST"]),
    Route("/usage-request/{id:uuid}/attachments/{file:uuid}/delete", delete_attachment,
          methods=["POST"]),
    Route("/usage-request/{id:uuid}/confirm", confirm, methods=["GET"]),
    Route("/usage-request/{id:uuid}/file", submit, methods=["POST"]),
    Route("/usage-request/{id:uuid}/corrections", answer, methods=["POST"]),
]
