"""Request and response models of the examiner API."""

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from residency_contracts import ApplicationStatus, Procedure

from ..applications.corrections import AnsweredItem
from ..openapi_docs import (
    APP_ID,
    CONTENT,
    CORRECTION_ANSWER,
    CORRECTION_REQUEST,
    FILE_ID,
    FILED,
    ORG_ID,
    examples,
)

QUEUED = {"id": APP_ID, "procedure": "EXT", "organization_id": ORG_ID, "status": "filed",
          "status_ja": "申請完了", "reference_number": "0000000018",
          "provisional_receipt_number": "仮東オンEP26000001",
          "receipt_number": "東オンEP26000001", "filed_at": FILED}


class ExaminerAction(BaseModel):
    """One action. take: 申請完了 → 審査中. request_correction (items): 審査中 → 返却中.
    approve (granted_period optional): 審査中 → 発行待ち, or 完了 for usage requests and
    periodic reports. deny (reason): 審査中 → 完了(不許可). mark_delivered (how): 発行待ち → 完了."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra=examples(
                                  {"action": "take"},
                                  {"action": "request_correction",
                                   "items": ["Certificate of enrollment"]},
                                  {"action": "approve", "granted_period": "2 years"},
                                  {"action": "deny", "reason": "Attendance requirement not met."},
                                  {"action": "mark_delivered", "how": "posted"}))
    action: Literal["take", "request_correction", "approve", "deny", "mark_delivered"]
    items: list[Annotated[str, Field(min_length=1, max_length=500)]] | None = Field(
        None, min_length=1, max_length=20, examples=[["Certificate of enrollment"]],
        description="request_correction: what is needed, one item each.")
    granted_period: str | None = Field(None, min_length=1, max_length=40,
                                       examples=["2 years"], description="approve.")
    reason: str | None = Field(None, min_length=1, max_length=2000, description="deny.")
    how: Literal["posted", "collected"] | None = Field(None, description="mark_delivered.")


# Fields each action needs, and the ones it takes.
REQUIRED = {"take": (), "request_correction": ("items",), "approve": (), "deny": ("reason",),
            "mark_delivered": ("how",)}
ALLOWED = {"take": (), "request_correction": ("items",), "approve": ("granted_period",),
           "deny": ("reason",), "mark_delivered": ("how",)}


class ActionAccepted(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(
        {"command_id": "4b6d8f0a-2c4e-4f6a-8b0c-1d2e3f4a5b71", "application_id": APP_ID,
         "action": "take", "status": "filed"}))
    command_id: UUID = Field(description="event_id of the command handed to examination.")
    application_id: UUID
    action: str
    status: ApplicationStatus = Field(description="Status when the command was accepted; "
                                      "the new one follows on the application.")


class ExaminerApplication(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(QUEUED))
    id: UUID
    procedure: Procedure
    organization_id: UUID | None
    status: ApplicationStatus
    status_ja: str
    reference_number: str | None
    provisional_receipt_number: str | None
    receipt_number: str | None
    filed_at: datetime | None
    hold: Literal["duplicate_application"] | None = Field(
        None, description="Why it is held in 処理待ち: duplicate_application = the same person "
                          "has a live application of this procedure through another organization.")


class ExaminerCorrection(BaseModel):
    """One correction request (返却中) and the filer's answer to it."""

    id: UUID
    items: list[str] = Field(description="What the examiner asked for, one item each.")
    requested_at: datetime
    answered_at: datetime | None = Field(description="None while the filer has not answered.")
    answer: list[AnsweredItem] | None = Field(
        description="The answered items with the filer's notes (None until answered).")
    attachment_ids: list[UUID] = Field(
        description="Files the filer added for this answer (see `attachments`).")


class ExaminerApplicationDetail(ExaminerApplication):
    model_config = ConfigDict(json_schema_extra=examples(QUEUED | {
        "kind": None, "organization_name": "Sample University", "content": CONTENT["EXT"],
        "attachments": [{"id": FILE_ID, "kind": "document", "size": 48213, "code": "OK",
                         "uploaded_at": "2026-04-12T09:10:00+09:00"}],
        "corrections": [{**CORRECTION_REQUEST, "answered_at": "2026-04-12T09:30:00+09:00",
                         "answer": CORRECTION_ANSWER["items"], "attachment_ids": [FILE_ID]}]}))
    kind: str | None = Field(description="new / additional for usage requests.")
    organization_name: str | None
    content: dict[str, Any]
    attachments: list[dict[str, Any]] = Field(
        description="id, kind, size, code, uploaded_at per file; open one with "
                    "GET /examiner/applications/{id}/attachments/{attachment_id} (code OK).")
    corrections: list[ExaminerCorrection] = Field(
        default_factory=list, description="Correction requests, oldest first, with answers.")
