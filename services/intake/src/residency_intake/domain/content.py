"""Application content (SPEC §4): shared sections and the extension of stay (EXT). Pure."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..wording import invalid


class StatusOfResidence(StrEnum):
    STUDENT = "student"
    ENGINEER_HUMANITIES = "engineer_specialist_in_humanities_international_services"
    SPECIFIED_SKILLED_WORKER = "specified_skilled_worker"
    DEPENDENT = "dependent"
    SPOUSE_OF_JAPANESE = "spouse_or_child_of_japanese_national"
    LONG_TERM_RESIDENT = "long_term_resident"
    DESIGNATED_ACTIVITIES = "designated_activities"
    PROFESSOR = "professor"
    RESEARCHER = "researcher"
    INSTRUCTOR = "instructor"
    HIGHLY_SKILLED = "highly_skilled_professional"
    INTRA_COMPANY = "intra_company_transferee"
    SKILLED_LABOR = "skilled_labor"
    BUSINESS_MANAGER = "business_manager"
    CULTURAL_ACTIVITIES = "cultural_activities"
    DIPLOMAT = "diplomat"
    TEMPORARY_VISITOR = "temporary_visitor"


EXCLUDED = {StatusOfResidence.DIPLOMAT, StatusOfResidence.TEMPORARY_VISITOR}


def _eligible(status: StatusOfResidence) -> StatusOfResidence:
    if status in EXCLUDED:
        raise invalid("STATUS_NOT_ELIGIBLE")
    return status


EligibleStatus = Annotated[StatusOfResidence, AfterValidator(_eligible)]


def _must_be_true(value: bool) -> bool:
    if value is not True:
        raise invalid("CONFIRMATION_REQUIRED")
    return value


Confirmed = Annotated[bool, AfterValidator(_must_be_true)]
LatinName = Annotated[str, Field(max_length=104, pattern=r"^[A-Z][A-Z .'-]*,[A-Z .'-]*$",
                                 description="SURNAME,GIVEN in upper-case Latin letters.",
                                 examples=["SAMPLE,TARO"])]
Phone = Annotated[str, Field(pattern=r"^\d{1,12}$", description="Digits only, no hyphens.",
                             examples=["0312345678"])]
Email = Annotated[str, Field(max_length=60, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                             examples=["applicant@example.com"])]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identity(_Strict):
    nationality: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3.",
                             examples=["VNM"])
    latin_name: LatinName
    sex: Literal["M", "F"]
    date_of_birth: date = Field(examples=["2000-01-31"])
    marital_status: Literal["married", "single"]
    occupation: str = Field(max_length=60, examples=["student"])
    home_town: str = Field(max_length=60, examples=["HANOI"])
    address_in_japan: str = Field(max_length=200, examples=["1-1 Example-cho, Chiyoda-ku, Tokyo"])
    phone: Phone | None = None
    mobile_phone: Phone | None = None
    email: Email | None = None
    passport_number: str = Field(pattern=r"^[A-Z0-9]{5,12}$", examples=["TE0000001"])
    passport_expiry: date
    criminal_record: bool = False
    criminal_record_details: str | None = Field(None, max_length=400)


class CurrentStatus(_Strict):
    status_of_residence: EligibleStatus
    period_of_stay: str = Field(max_length=20, examples=["1 year"])
    expiry_date: date = Field(description="Date of expiration of the period of stay.")
    residence_card_number: str = Field(pattern=r"^[A-Z]{2}\d{8}[A-Z]{2}$",
                                       examples=["AB12345678CD"])


class LegalRepresentative(_Strict):
    """法定代理人 (e.g. the parent of a child applicant)."""

    latin_name: LatinName
    relationship: str = Field(max_length=40, examples=["father"])
    address: str = Field(max_length=200)
    phone: Phone | None = None


class Agent(_Strict):
    """取次者: organization staff, lawyer or administrative scrivener filing for the applicant."""

    name: str = Field(max_length=104, examples=["SAMPLE UNIVERSITY INTERNATIONAL OFFICE"])
    organization: str | None = Field(None, max_length=120)
    address: str = Field(max_length=200)
    phone: Phone | None = None


class MainContent(_Strict):
    """What every standalone application has: the applicant, representatives, confirmations."""

    identity: Identity
    legal_representative: LegalRepresentative | None = None
    agent: Agent | None = None
    notification_email: Email = Field(description="Applicant's address for notifications.")
    applicant_intent_confirmed: Confirmed
    content_true: Confirmed
    free_text: str | None = Field(None, max_length=1000)


class CardReceipt(_Strict):
    receipt_method: Literal["mail", "counter"] = Field(
        description="How the residence card is received (counter when re-entry is attached).")
    counter_bureau: str | None = Field(None, max_length=40,
                                       description="Bureau counter when receipt_method=counter.")


class ExtensionContent(MainContent, CardReceipt):
    """在留期間更新許可申請 (EXT)."""

    current_status: CurrentStatus
    desired_period: str = Field(max_length=20, examples=["2 years"])
    reason: str = Field(max_length=1000, examples=["To continue my studies."])
