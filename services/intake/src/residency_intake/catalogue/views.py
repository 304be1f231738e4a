"""Request and response models of the catalogue API."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from ..openapi_docs import PROCEDURE, PROCEDURE_SUMMARY, examples
from .reception import MAX_WINDOWS


class Contact(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(PROCEDURE["contact"]))
    name_ja: str
    name_en: str
    phone: str | None = None


class ProcedureFile(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(PROCEDURE["files"][0]))
    name: str = Field(examples=["eligible-statuses.txt"])
    title_ja: str
    title_en: str
    url: str = Field(description="GET it to download the file.")


class ProcedureSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(PROCEDURE_SUMMARY))
    code: str = Field(examples=["EXT"])
    name_ja: str
    name_en: str
    reception_start: datetime
    reception_end: datetime | None = Field(description="null: open-ended (随時).")
    reception_open: bool = Field(description="Whether the reception period is open now.")
    standalone: bool = Field(description="Can be filed on its own.")
    bulk: bool = Field(description="Can be part of a bulk (CSV) filing.")


class ProcedureDetail(ProcedureSummary):
    model_config = ConfigDict(json_schema_extra=examples(PROCEDURE))
    description_ja: str
    description_en: str
    contact: Contact
    filers: list[str] = Field(description="User types that may file it.",
                              examples=[["organization_staff", "foreign_national"]])
    filed_with: list[str] = Field(description="Main procedures it can be filed together with.")
    files: list[ProcedureFile]


class ProcedurePage(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(
        {"items": [PROCEDURE_SUMMARY], "total": 1, "page": 1, "per_page": 10, "pages": 1}))
    items: list[ProcedureSummary]
    total: int = Field(description="Entries matching the query, on all pages.")
    page: int
    per_page: int
    pages: int


WINDOW = {"start": "2026-03-01", "end": "2026-03-31"}


class WindowIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=examples(WINDOW))
    start: date = Field(description="First day (Japan time), included.")
    end: date = Field(description="Last day (Japan time), included.")


class IntakeWindowsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=examples(
        {"windows": [WINDOW, {"start": "2026-09-01", "end": "2026-09-15"}]}))
    windows: list[WindowIn] = Field(
        max_length=MAX_WINDOWS,
        description="Days on which the organization accepts this procedure; an empty list "
                    "lifts the restriction.")


class IntakeWindows(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(
        {"procedure": "EXT", "windows": [WINDOW, {"start": "2026-09-01", "end": "2026-09-15"}]}))
    procedure: str
    windows: list[WindowIn]
