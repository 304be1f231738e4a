"""Response models of the HTTP API."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from residency_contracts import ApplicationStatus, AttachmentKind, Procedure, VerdictCode

from . import openapi_docs as ex
from .openapi_forms import with_content_models

CONTENT_DOC = ("The procedure's form (SPEC §4): see the schemas EligibilityContent (COE), "
               "AcquisitionContent (ACQ), ChangeContent (CHG), ExtensionContent (EXT), "
               "WorkCertificateContent (WRK); simultaneous ReentryContent (REE), ActivityContent "
               "(ACT), WorkCertificateSupplement (WRK).")


class CopyFlags(BaseModel):
    personal_items: bool = Field(False, description="Copy identity (name, sex…) from the main.")
    legal_representative: bool = False
    agent: bool = False


class NewSimultaneous(BaseModel):
    procedure: Procedure = Field(examples=["REE"], description="REE, ACT or WRK.")
    content: dict[str, Any] = Field(default_factory=dict, description=CONTENT_DOC)
    copy_: CopyFlags = Field(default_factory=CopyFlags, alias="copy")


class NewApplication(BaseModel):
    """A new application. `content` is validated by the procedure's form; the `oneOf` below
    documents those forms by procedure."""

    __get_pydantic_json_schema__ = with_content_models
    procedure: Procedure = Field(examples=["EXT"], description="COE, ACQ, CHG, EXT or WRK.")
    content: dict[str, Any] = Field(description=CONTENT_DOC)
    simultaneous: list[NewSimultaneous] = Field(
        default_factory=list, max_length=3,
        description="REE/ACT (with CHG, EXT, ACQ) and WRK filed together with this one.")


class AttachmentView(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ATTACHMENT))
    id: UUID
    kind: AttachmentKind
    size: int
    sha256: str
    code: VerdictCode | None = Field(description="null while the check is running.")
    message_ja: str | None
    message_en: str | None
    uploaded_at: datetime


class FilingState(BaseModel):
    """Where a filing stands and the numbers it has so far (applications, usage requests
    and periodic reports alike)."""

    id: UUID
    procedure: Procedure
    state: str = Field(description="draft until filed, then submitted.", examples=["draft"])
    status: ApplicationStatus | None
    status_ja: str | None
    reference_number: str | None
    provisional_receipt_number: str | None
    receipt_number: str | None
    filed_at: datetime | None
    created_at: datetime


class ApplicationView(FilingState):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.APPLICATION))
    content: dict[str, Any] = Field(description=CONTENT_DOC)
    attachments: list[AttachmentView]
    parent_id: UUID | None = Field(None, description="Main application of a simultaneous one.")
    simultaneous: list["ApplicationRow"] = []
    bulk: bool = False
    cesr_number: str | None = None
    cesr_issued_at: datetime | None = None
    cesr_registered_at: datetime | None = None


class ApplicationRow(BaseModel):
    """One line of the status list (処理状況一覧)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ROW))
    id: UUID
    procedure: Procedure
    procedure_name_ja: str
    procedure_name_en: str
    state: str
    status: ApplicationStatus | None
    status_ja: str | None
    reference_number: str | None
    provisional_receipt_number: str | None
    receipt_number: str | None
    latin_name: str | None
    filed_at: datetime | None
    created_at: datetime
    parent_id: UUID | None
    bulk: bool = Field(description="Filed as part of a bulk (CSV) filing.")


class ApplicationPage(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(
        {"items": [ex.ROW, ex.CHILD_ROW], "total": 2, "page": 1, "per_page": 10}))
    items: list[ApplicationRow]
    total: int
    page: int
    per_page: int


class FiledSimultaneous(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.FILED_RESULT["simultaneous"][0]))
    application_id: UUID
    procedure: Procedure
    reference_number: str
    reference_password: str


class Filed(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.FILED_RESULT))
    application_id: UUID
    reference_number: str = Field(examples=["0000000018"])
    reference_password: str = Field(description="Shown once; also emailed separately.")
    status: ApplicationStatus
    simultaneous: list[FiledSimultaneous] = []


DRAFT_SIMULTANEOUS_DOC = (
    "The simultaneous REE/ACT/WRK applications as filing takes them (partial content allowed; "
    "with CHG, EXT or ACQ only, each procedure once).")


class DraftBody(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(
        {"content": {k: v for k, v in ex.CONTENT["EXT"].items() if k != "reason"},
         "simultaneous": [{"procedure": "REE", "content": {"permit_type": "single"},
                           "copy": {"personal_items": True}}]}))
    content: dict[str, Any] = Field(description="Partial form; never attachments. " + CONTENT_DOC)
    simultaneous: list[NewSimultaneous] = Field(default_factory=list, max_length=3,
                                                description=DRAFT_SIMULTANEOUS_DOC)


class DraftView(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(
        {"id": ex.DRAFT_ID, "procedure": "EXT", "content": {k: v for k, v in ex.CONTENT[
            "EXT"].items() if k not in ("desired_period", "applicant_intent_confirmed",
                                        "content_true")},
         "flagged_fields": ["desired_period"], "saved_at": ex.CREATED}))
    id: UUID
    procedure: Procedure
    content: dict[str, Any]
    simultaneous: list[NewSimultaneous] = Field(default_factory=list,
                                                description=DRAFT_SIMULTANEOUS_DOC)
    flagged_fields: list[str] = Field(
        description="Fields left blank on reuse because their rule changed since.")
    saved_at: datetime


class ReceiptMethodChange(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(
        {"receipt_method": "counter", "counter_bureau": "東京"}))
    receipt_method: Literal["mail", "counter", "email", "post"] = Field(
        description="The residence card's: mail or counter (counter only with a re-entry "
        "permit); a COE's certificate: email (electronic) or post (paper).")
    counter_bureau: str | None = Field(None, max_length=40,
                                       description="Bureau counter when receipt_method=counter.")


class Accepted(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(
        {"application_id": ex.APP_ID, "accepted": True,
         "detail": "receipt_method_change_requested"}))
    application_id: UUID
    accepted: bool = True
    detail: str = Field(examples=["receipt_method_change_requested"])


class CesrRow(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(
        {"application_id": ex.APP_ID, "procedure": "COE", "reference_number": "0000000034",
         "latin_name": "SAMPLE,TARO", "cesr_number": "CE2600000001",
         "cesr_issued_at": ex.FILED, "cesr_registered_at": None}))
    application_id: UUID
    procedure: Procedure
    reference_number: str | None
    latin_name: str | None
    cesr_number: str
    cesr_issued_at: datetime | None = Field(
        description="受領登録依頼日時: when the certificate was issued and emailed.")
    cesr_registered_at: datetime | None = Field(
        None, description="受領登録日時 (null: not registered yet).")

ApplicationView.model_rebuild()
