"""Content of each procedure (SPEC §3, §4) and which ones may be combined. Pure."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from residency_contracts import Procedure

from .content import (
    Agent,
    CardReceipt,
    CurrentStatus,
    EligibleStatus,
    ExtensionContent,
    Identity,
    LegalRepresentative,
    MainContent,
    _Strict,
)

P = Procedure


class AbroadIdentity(Identity):
    """A prospective resident abroad has no address in Japan yet."""

    address_in_japan: str | None = Field(None, max_length=200)  # type: ignore[assignment]  # optional here


class EligibilityContent(MainContent):
    """在留資格認定証明書交付申請 (COE): for someone abroad — no current status, no card."""

    identity: AbroadIdentity
    intended_status: EligibleStatus
    intended_period: str = Field(max_length=20, examples=["2 years"])
    planned_entry_date: date
    port_of_entry: str = Field(max_length=40, examples=["NARITA"])
    purpose: str = Field(max_length=1000, examples=["To study at Sample University."])
    receipt_method: Literal["email", "post"] = Field(
        description="How the certificate (CESR) is received: electronic by email, or by post.")


class AcquisitionContent(MainContent, CardReceipt):
    """在留資格取得許可申請 (ACQ): birth in Japan or loss of Japanese nationality."""

    event: Literal["birth_in_japan", "loss_of_japanese_nationality"]
    event_date: date = Field(description="Filing must be within 60 days of this date.")
    desired_status: EligibleStatus
    desired_period: str = Field(max_length=20, examples=["1 year"])
    reason: str = Field(max_length=1000)


class ChangeContent(MainContent, CardReceipt):
    """在留資格変更許可申請 (CHG)."""

    current_status: CurrentStatus
    desired_status: EligibleStatus
    desired_period: str = Field(max_length=20, examples=["5 years"])
    reason: str = Field(max_length=1000, examples=["Employed after graduation."])


class WorkCertificateContent(MainContent, CardReceipt):
    """就労資格証明書交付申請 (WRK), filed on its own."""

    current_status: CurrentStatus
    employer: str = Field(max_length=120, examples=["SAMPLE TRADING CO."])
    activity_description: str = Field(max_length=600)


class _Simultaneous(_Strict):
    """Filed with a main application; these three sections can be copied from it."""

    identity: Identity | None = None
    legal_representative: LegalRepresentative | None = None
    agent: Agent | None = None


class ReentryContent(_Simultaneous):
    """再入国許可申請 (REE): only with CHG, EXT or ACQ."""

    permit_type: Literal["single", "multiple"]
    purpose_undecided: bool = False
    travel_purpose: str | None = Field(None, max_length=40, examples=["sightseeing"])
    destination: str | None = Field(None, max_length=60, examples=["VIETNAM"])
    planned_departure_date: date | None = None
    planned_return_date: date | None = None


class ActivityContent(_Simultaneous):
    """資格外活動許可申請 (ACT): part-time work details."""

    current_activity: str = Field(max_length=40, examples=["Sample University, 24 h/week"])
    workplace: str = Field(max_length=60, examples=["SAMPLE RESTAURANT"])
    job_type: str = Field(max_length=40, examples=["restaurant"])
    weekly_hours: int = Field(ge=1, le=40)
    monthly_pay: int = Field(ge=0, le=99_999_999, description="Yen, up to 8 digits.")


class WorkCertificateSupplement(_Simultaneous):
    """就労資格証明書交付申請 (WRK) filed together with CHG, EXT or ACQ."""

    activity_description: str = Field(max_length=600)


STANDALONE: dict[Procedure, type[BaseModel]] = {
    P.COE: EligibilityContent, P.ACQ: AcquisitionContent, P.CHG: ChangeContent,
    P.EXT: ExtensionContent, P.WRK: WorkCertificateContent,
}
SIMULTANEOUS: dict[Procedure, type[BaseModel]] = {
    P.REE: ReentryContent, P.ACT: ActivityContent, P.WRK: WorkCertificateSupplement,
}
SIMULTANEOUS_MAINS = frozenset({P.CHG, P.EXT, P.ACQ})
PHOTO_REQUIRED = frozenset({P.COE, P.ACQ, P.CHG, P.EXT})
"""Procedures whose result carries the photo (card or certificate); others show 対象外."""
COPYABLE = ("identity", "legal_representative", "agent")


def model_for(procedure: Procedure, *, simultaneous: bool = False) -> type[BaseModel]:
    return (SIMULTANEOUS if simultaneous else STANDALONE)[procedure]
