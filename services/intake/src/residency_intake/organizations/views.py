"""Request and response models of usage requests, periodic reports and organizations."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..openapi_docs import ATTACHMENT, CREATED, FILED, ORG_ID, examples
from ..views import AttachmentView, FilingState

Bureau = Literal["札", "仙", "東", "名", "大", "広", "高", "福"]
PHONE = Field(pattern=r"^[0-9]{10,12}$", description="Digits only, no hyphens.",
              examples=["0312345678"])
AGENT_NUMBER = Field(None, pattern=r"^[0-9]{12}$", examples=["123456789123"],
                     description="申請等取次者証明書番号 (12 digits), if issued.")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


ORGANIZATION = {"name": "Sample University", "name_kana": "サンプルダイガク",
                "address": "1-1 Example-cho, Sample-ku", "phone": "0312345678"}
NEW_REQUEST = {"kind": "new", "organization": ORGANIZATION, "bureau": "東",
               "agent_certificate_number": "123456789123"}


class OrganizationDetails(_Body):
    model_config = ConfigDict(json_schema_extra=examples(ORGANIZATION))
    name: str = Field(min_length=1, max_length=256, examples=["Sample University"])
    name_kana: str | None = Field(None, max_length=256, examples=["サンプルダイガク"])
    address: str = Field(min_length=1, max_length=256, examples=["1-1 Example-cho, Sample-ku"])
    phone: str = PHONE


class UsageRequest(_Body):
    """利用申出. new (新規): a new organization, with its details and bureau. additional (追加):
    another staff member of an organization already approved (its id, and where its new
    request was made)."""

    model_config = ConfigDict(json_schema_extra=examples(NEW_REQUEST, {
        "kind": "additional", "organization_id": ORG_ID,
        "first_request_office": "オンライン申請"}))
    kind: Literal["new", "additional"]
    organization: OrganizationDetails | None = Field(None, description="Required for new.")
    bureau: Bureau | None = Field(None, description="Bureau that examines it; required for new.")
    organization_id: UUID | None = Field(None, description="Required for additional.")
    first_request_office: str | None = Field(
        None, min_length=1, max_length=100, examples=["オンライン申請"],
        description="Where the new usage request was made (「オンライン申請」 if online); "
                    "required for additional.")
    agent_certificate_number: str | None = AGENT_NUMBER


REQUIRED_FOR: dict[str, tuple[str, ...]] = {
    "new": ("organization", "bureau"),
    "additional": ("organization_id", "first_request_office"),
}


class PeriodicReport(_Body):
    """定期報告 of the reporting staff member's organization."""

    model_config = ConfigDict(json_schema_extra=examples(
        {"phone": "0312345678", "foreign_nationals_count": 120,
         "remarks": "Two new international programmes this year."}))
    phone: str = PHONE
    foreign_nationals_count: int = Field(ge=0, le=1_000_000,
                                         description="Foreign nationals the organization hosts.")
    remarks: str | None = Field(None, max_length=2000)


class FilingView(FilingState):
    model_config = ConfigDict(json_schema_extra=examples(
        {"id": "2e4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a41", "procedure": "USE", "kind": "new",
         "organization_id": ORG_ID, "state": "submitted", "status": "filed",
         "status_ja": "申請完了", "reference_number": "0000000042",
         "provisional_receipt_number": "仮東オンUR26000001", "receipt_number": None,
         "filed_at": FILED, "created_at": CREATED, "details": NEW_REQUEST,
         "attachments": [ATTACHMENT]}))
    kind: str | None = Field(description="new / additional for usage requests.")
    organization_id: UUID
    details: dict[str, Any]
    attachments: list[AttachmentView]


class FilingRow(FilingState):
    """One usage request or periodic report in the list of those you may act on."""

    model_config = ConfigDict(json_schema_extra=examples(
        {"id": "2e4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a41", "procedure": "RPT", "kind": None,
         "organization_id": ORG_ID, "state": "draft", "status": None, "status_ja": None,
         "reference_number": None, "provisional_receipt_number": None,
         "receipt_number": None, "filed_at": None, "created_at": CREATED,
         "filed_by_you": True, "in_progress": True}))
    kind: str | None = Field(description="new / additional for usage requests.")
    organization_id: UUID
    filed_by_you: bool = Field(description="You started it.")
    in_progress: bool = Field(
        description="Started and not yet completed or denied: it blocks a new one "
                    "(USAGE_REQUEST_EXISTS per filer, PERIODIC_REPORT_EXISTS per organization).")


class OrganizationView(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(
        {"id": ORG_ID, "name": "Sample University", "bureau": "東", "access": "approved",
         "access_expires_at": "2027-04-01T00:00:00+09:00"}))
    id: UUID
    name: str
    bureau: str
    access: Literal["none", "approved", "expired"]
    access_expires_at: datetime | None
