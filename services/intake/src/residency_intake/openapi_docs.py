"""Examples of the OpenAPI document (the forms by procedure: openapi_forms), and `/docs` served
from the project's own copy of Swagger UI (no CDN: it renders on a closed network).

All data is fictitious (SAMPLE,TARO; example.com; TE000000x passports). The application
contents equal `residency_devstack.samples` (intake does not depend on the devstack at run
time; tests/unit/intake/test_openapi_examples.py checks they are the same and still valid)."""

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

APP_ID, CHILD_ID = "0b7e1c52-4d6f-4a8e-9c3b-2f1a5d7e9b01", "0b7e1c52-4d6f-4a8e-9c3b-2f1a5d7e9b02"
FILE_ID, ORG_ID = "5c2d8e14-7a3b-4f69-8d10-3e4f5a6b7c81", "9a1b2c3d-4e5f-4a6b-8c7d-1e2f3a4b5c61"
DRAFT_ID = "7d3e9f25-8b4c-4a7d-9e21-4f5a6b7c8d91"
CREATED, FILED = "2026-04-01T09:00:00+09:00", "2026-04-01T10:30:00+09:00"
TOKEN = "Xq3v9sKx0mS2pW7tY5bN8cR1dF4gH6jL0kZ2aQ9wE3u"


def _identity(passport: str, in_japan: bool = True) -> dict[str, Any]:
    person: dict[str, Any] = {
        "nationality": "VNM", "latin_name": "SAMPLE,TARO", "sex": "M",
        "date_of_birth": "2000-01-31", "marital_status": "single", "occupation": "student",
        "home_town": "SAMPLE CITY", "address_in_japan": "1-1 Example-cho, Sample-ku",
        "phone": "0300000000", "email": "applicant@example.com", "passport_number": passport,
        "passport_expiry": "2030-01-01", "criminal_record": False}
    if not in_japan:
        del person["address_in_japan"]
    return person


def _main(passport: str, in_japan: bool = True) -> dict[str, Any]:
    return {"identity": _identity(passport, in_japan),
            "notification_email": "applicant@example.com",
            "applicant_intent_confirmed": True, "content_true": True}


def _status(status: str = "student") -> dict[str, Any]:
    return {"status_of_residence": status, "period_of_stay": "1 year",
            "expiry_date": "2027-03-31", "residence_card_number": "AB12345678CD"}


CONTENT: dict[str, dict[str, Any]] = {
    "COE": _main("TE0000001", in_japan=False) | {
        "intended_status": "student", "intended_period": "2 years",
        "planned_entry_date": "2027-04-01", "port_of_entry": "NARITA",
        "purpose": "To study at Sample University.", "receipt_method": "email"},
    "ACQ": _main("TE0000002") | {
        "event": "birth_in_japan", "event_date": "2026-03-20", "desired_status": "dependent",
        "desired_period": "1 year", "reason": "Born in Japan to resident parents.",
        "receipt_method": "mail",
        "legal_representative": {"latin_name": "SAMPLE,HANAKO", "relationship": "mother",
                                 "address": "1-1 Example-cho, Sample-ku"}},
    "CHG": _main("TE0000003") | {
        "current_status": _status(),
        "desired_status": "engineer_specialist_in_humanities_international_services",
        "desired_period": "5 years", "reason": "Employed after graduation.",
        "receipt_method": "mail",
        "agent": {"name": "SAMPLE UNIVERSITY INTERNATIONAL OFFICE",
                  "address": "2-2 Example-cho, Sample-ku"}},
    "EXT": _main("TE0000004") | {
        "current_status": _status(), "desired_period": "2 years",
        "reason": "To continue my studies.", "receipt_method": "mail"},
    "WRK": _main("TE0000005") | {
        "current_status": _status("engineer_specialist_in_humanities_international_services"),
        "employer": "SAMPLE TRADING CO.", "activity_description": "Translation and sales.",
        "receipt_method": "mail"},
}
REE_CONTENT = {"permit_type": "multiple", "travel_purpose": "family visit",
               "destination": "VIETNAM"}
PASSPORTS = {"COE": "TE0000001", "ACQ": "TE0000002", "CHG": "TE0000003", "EXT": "TE0000004",
             "WRK": "TE0000005", "EXT+REE": "TE0000006"}
_NAMES = {"COE": "Certificate of eligibility (someone abroad, CESR by email)",
          "ACQ": "Acquisition of status (a child born in Japan)",
          "CHG": "Change of status (a graduate starting work, filed by an agent)",
          "EXT": "Extension of the period of stay (a student)",
          "WRK": "Certificate of authorized employment, on its own"}
NEW_APPLICATION: dict[str, dict[str, Any]] = {
    p: {"summary": f"{p}: {_NAMES[p]}", "value": {"procedure": p, "content": CONTENT[p]}}
    for p in _NAMES} | {"EXT+REE": {
        "summary": "EXT with a simultaneous re-entry permit (REE)",
        "description": "The card must then be collected at a counter; the REE form copies "
                       "the applicant's identity from the main one.",
        "value": {"procedure": "EXT",
                  "content": {**CONTENT["EXT"], "identity": _identity("TE0000006"),
                              "receipt_method": "counter", "counter_bureau": "東京"},
                  "simultaneous": [{"procedure": "REE", "content": REE_CONTENT,
                                    "copy": {"personal_items": True}}]}}}


def examples(*values: dict[str, Any]) -> dict[str, Any]:
    """`json_schema_extra` of a model: these examples in its component schema."""
    return {"examples": list(values)}


ATTACHMENT = {"id": FILE_ID, "kind": "document", "size": 48213, "sha256": "9f2b" * 16,
              "code": "OK", "message_ja": "確認しました。", "message_en": "Checked.",
              "uploaded_at": CREATED}
ROW = {"id": APP_ID, "procedure": "EXT", "procedure_name_ja": "在留期間更新許可申請",
       "procedure_name_en": "Extension of period of stay", "state": "submitted",
       "status": "filed", "status_ja": "申請完了", "reference_number": "0000000018",
       "provisional_receipt_number": "仮東オンEP26000001", "receipt_number": "東オンEP26000001",
       "latin_name": "SAMPLE,TARO", "filed_at": FILED, "created_at": CREATED, "parent_id": None,
       "bulk": False}
CHILD_ROW = ROW | {"id": CHILD_ID, "procedure": "REE", "procedure_name_ja": "再入国許可申請",
                   "procedure_name_en": "Re-entry permit",
                   "reference_number": "0000000026",
                   "provisional_receipt_number": "仮東オンRE26000001",
                   "receipt_number": "東オンRE26000001", "parent_id": APP_ID}
APPLICATION = {k: v for k, v in ROW.items() if k not in (
    "procedure_name_ja", "procedure_name_en", "latin_name")} | {
    "content": NEW_APPLICATION["EXT+REE"]["value"]["content"], "attachments": [ATTACHMENT],
    "simultaneous": [CHILD_ROW], "cesr_number": None, "cesr_issued_at": None,
    "cesr_registered_at": None}
_SUMMARY = {"code": "EXT", "name_ja": "在留期間更新許可申請",
            "name_en": "Extension of period of stay",
            "reception_start": "2025-10-08T00:00:00+09:00", "reception_end": None,
            "reception_open": True, "standalone": True, "bulk": True}
PROCEDURE: dict[str, Any] = _SUMMARY | {
    "description_ja": "現に有する在留資格のまま、在留期間を超えて引き続き在留を希望する場合の手続きです。",
    "description_en": "For a foreign national who wants to stay beyond the current period "
                      "with the same status.",
    "contact": {"name_ja": "外国人在留総合インフォメーションセンター",
                "name_en": "Immigration Services Center", "phone": "0570-013904"},
    "filers": ["organization_staff", "foreign_national"], "filed_with": [],
    "files": [{"name": "eligible-statuses.txt", "title_ja": "利用可能な申請種別及び在留資格（対象範囲）",
               "title_en": "Procedures and statuses of residence covered",
               "url": "/procedures/EXT/files/eligible-statuses.txt"}]}
PROCEDURE_SUMMARY = _SUMMARY
FILED_RESULT: dict[str, Any] = {"application_id": APP_ID, "reference_number": "0000000018",
                "reference_password": "k7Qm2xPz", "status": "pending",
                "simultaneous": [{"application_id": CHILD_ID, "procedure": "REE",
                                  "reference_number": "0000000026",
                                  "reference_password": "w4Hn8cRt"}]}

# Bulk filing (一括申請), corrections (返却中) and the CESR check: same fictitious data.
UPLOAD_ID, ROW2_ID = "3e8f0a26-9c4d-4b7e-a152-6f7a8b9c0d11", "0b7e1c52-4d6f-4a8e-9c3b-2f1a5d7e9b03"
CORRECTION_ID = "6f4a0b37-1d5e-4c8f-b263-7a8b9c0d1e21"
BULK_COLUMNS = [{"column": "identity.latin_name", "section": "EXT", "kind": "text",
                 "required": True, "choices": [],
                 "description": "SURNAME,GIVEN in upper-case Latin letters.",
                 "example": "SAMPLE,TARO"},
                {"column": "receipt_method", "section": "EXT", "kind": "choice",
                 "required": True, "choices": ["mail", "counter"], "description": "How the "
                 "residence card is received (counter when re-entry is attached).",
                 "example": ""}]
_CELLS = {"identity.latin_name": "SAMPLE,TARO", "identity.passport_number": "TE0000004",
          "current_status.expiry_date": "2027-03-31", "desired_period": "2 years",
          "receipt_method": "mail"}
BULK_ROW: dict[str, Any] = {
    "row": 1, "status": "ok", "status_ja": "正常", "errors": [], "application_id": APP_ID,
    "latin_name": "SAMPLE,TARO", "cells": _CELLS, "attachments": [ATTACHMENT],
    "attachment_errors": [], "attachments_pending": False}
BULK_ROW_TO_CHECK = BULK_ROW | {
    "row": 2, "status": "needs_checking", "status_ja": "要確認", "application_id": ROW2_ID,
    "latin_name": "SAMPLE,JIRO",
    "cells": _CELLS | {"identity.latin_name": "SAMPLE,JIRO",
                       "identity.passport_number": "TE0000007", "desired_period": ""},
    "errors": [{"field": "desired_period", "code": "MISSING",
                "message_ja": "必須項目です。", "message_en": "This field is required."}],
    "attachments": [], "attachment_errors": [{
        "field": "attachments", "code": "PHOTO_REQUIRED", "message_ja": "顔写真を添付してください。",
        "message_en": "Attach a face photo."}]}
BULK_UPLOAD: dict[str, Any] = {
    "upload_id": UPLOAD_ID, "procedure": "EXT", "state": "open", "uploaded_at": CREATED,
    "count": 2, "ok": 1, "needs_checking": 1, "ready_to_file": False,
    "replaced_previous": False, "bulk_number": None, "filed_at": None,
    "rows": [BULK_ROW, BULK_ROW_TO_CHECK]}
ROW_FIX = {"cells": {"desired_period": "2 years", "counter_bureau": None}}
BULK_FILED: dict[str, Any] = {
    "upload_id": UPLOAD_ID, "bulk_number": "一括東26000001", "count": 2, "filed_at": FILED,
    "applications": [{"row": 1, "application_id": APP_ID, "reference_number": "0000000018"},
                     {"row": 2, "application_id": ROW2_ID,
                      "reference_number": "0000000042"}]}
CORRECTION_ITEMS = ["Certificate of enrollment for the next term"]
CORRECTION_REQUEST = {"id": CORRECTION_ID, "items": CORRECTION_ITEMS,
                      "requested_at": "2026-04-10T14:00:00+09:00", "answered_at": None}
CORRECTION_ANSWER = {"items": [{"item": CORRECTION_ITEMS[0],
                                "note": "Attached the certificate issued on 2026-04-12."}]}
CORRECTION_ANSWERED = {"application_id": APP_ID,
                       "command_id": "8b5c1d48-2e6f-4d90-a374-8b9c0d1e2f31",
                       "items": CORRECTION_ITEMS, "attachment_ids": [FILE_ID]}
CESR_NUMBER = {"cesr_number": "東オンCESR26000001"}
CESR_GENUINE = {"genuine": True, "cesr_number": "東オンCESR26000001", "issued": True,
                "issued_at": None, "valid_until": None,  # a number alone: no more than this
                "expired": False, "signature_valid": None, "unaltered": None, "problems": []}
CESR_ALTERED_PDF = CESR_GENUINE | {"genuine": False, "signature_valid": False,
                                   "unaltered": False,
                                   "problems": ["SIGNATURE_INVALID", "NOT_AS_ISSUED"]}


SWAGGER_UI = Path(__file__).parent / "static" / "swagger-ui"  # swagger-ui-dist 5.35.0, Apache-2.0
DOCS_ASSETS = "/docs/assets"


def install_swagger_ui(app: FastAPI) -> None:
    """`GET /docs` with Swagger UI's script, style and icon served by intake itself under
    /docs/assets (create the app with `docs_url=None, redoc_url=None`)."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=SWAGGER_UI), name="swagger-ui")

    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} — API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png")

    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False)
