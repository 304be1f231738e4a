"""Request and response models of the catalogue API."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from .reception import MAX_WINDOWS


class Contact(BaseModel):
    name_ja: str
    name_en: str
    phone: str | None = None


class ProcedureFile(BaseModel):
    name: str = Field(examples=["eligible-statuses.txt"])
    title_ja: str
    title_en: str
    url: str = Field(description="GET it to download the file.")


class ProcedureSummary(BaseModel):
    code: str = Field(examples=["EXT"])
    name_ja: str
    name_en: str
    reception_start: datetime
    reception_end: datetime | None = Field(description="null: open-ended (随時).")
    reception_open: bool = Field(description="Whether the reception period is open now.")
    standalone: bool = Field(description="Can be filed on its own.")
    bulk: bool = Field(description="Can be part of a bulk (CSV) filing.")


class ProcedureDetail(ProcedureSummary):
    description_ja: str
    description_en: str
    contact: Contact
    filers: list[str] = Field(description="User types that may file it.",
                              examples=[["organization_staff", "foreign_national"]])
    filed_with: list[str] = Field(description="Main procedures it can be filed together with.")
    files: list[ProcedureFile]


class ProcedurePage(BaseModel):
    items: list[ProcedureSummary]
    total: int = Field(description="Entries matching the query, on all pages.")
    page: int
    per_page: int
    pages: int


class WindowIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: date = Field(description="First day (Japan time), included.")
    end: date = Field(description="Last day (Japan time), included.")


class IntakeWindowsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    windows: list[WindowIn] = Field(
        max_length=MAX_WINDOWS,
        description="Days on which the organization accepts this procedure; an empty list "
                    "lifts the restriction.")


class IntakeWindows(BaseModel):
    procedure: str
    windows: list[WindowIn]
