"""Shared vocabulary: procedures, statuses, the event base class, and the constants every
service must agree on (Japan's time zone, the terminal statuses, the reminder periods)."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field


class Procedure(StrEnum):
    """Procedure codes of the online system (SPEC §3)."""

    COE = "COE"
    ACQ = "ACQ"
    CHG = "CHG"
    EXT = "EXT"
    WRK = "WRK"
    REE = "REE"
    ACT = "ACT"
    RCV = "RCV"
    USE = "USE"
    RPT = "RPT"


PROCEDURE_NAMES: dict[Procedure, tuple[str, str]] = {
    Procedure.COE: ("在留資格認定証明書交付申請", "Certificate of Eligibility"),
    Procedure.ACQ: ("在留資格取得許可申請", "Permission to acquire status of residence"),
    Procedure.CHG: ("在留資格変更許可申請", "Change of status of residence"),
    Procedure.EXT: ("在留期間更新許可申請", "Extension of period of stay"),
    Procedure.WRK: ("就労資格証明書交付申請", "Certificate of authorized employment"),
    Procedure.REE: ("再入国許可申請", "Re-entry permit"),
    Procedure.ACT: ("資格外活動許可申請", "Permission to engage in activity other than that permitted"),
    Procedure.RCV: ("受領方法変更申出", "Change of receipt method"),
    Procedure.USE: ("利用申出", "Usage request"),
    Procedure.RPT: ("定期報告", "Periodic report"),
}


class ApplicationStatus(StrEnum):
    """処理状況 (SPEC §6); the Japanese label is in `STATUS_LABELS_JA`."""

    PENDING = "pending"
    FILED = "filed"
    EXAMINING = "examining"
    RETURNED = "returned"
    READY = "ready"
    COMPLETED = "completed"
    DENIED = "denied"


STATUS_LABELS_JA: dict[ApplicationStatus, str] = {
    ApplicationStatus.PENDING: "処理待ち",
    ApplicationStatus.FILED: "申請完了",
    ApplicationStatus.EXAMINING: "審査中",
    ApplicationStatus.RETURNED: "返却中",
    ApplicationStatus.READY: "発行待ち",
    ApplicationStatus.COMPLETED: "完了",
    ApplicationStatus.DENIED: "完了(不許可)",
}

# An application in one of these statuses is finished: it no longer counts as live (one live
# application per person and procedure) and releases the applications it held back.
TERMINAL_STATUSES: frozenset[ApplicationStatus] = frozenset(
    {ApplicationStatus.COMPLETED, ApplicationStatus.DENIED})

# Japan's time zone: calendar days of the service (last day of stay, receipt-number days,
# photo age, CESR dates) are days in Japan.
TOKYO = ZoneInfo("Asia/Tokyo")

# Correction requests left unanswered get a reminder every 7 days.
CORRECTION_REMINDER_EVERY = timedelta(days=7)
# Electronic CESRs whose receipt is not registered: a reminder every 7 days after issue.
CESR_RECEIPT_REMINDER_EVERY = timedelta(days=7)

BUREAU_PREFIXES = ("札", "仙", "東", "名", "大", "広", "高", "福")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Message(BaseModel):
    """Base of every event and command: frozen, unknown fields ignored (compatible evolution)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID = Field(
        default_factory=uuid4,
        description="Unique id of this message; consumers de-duplicate on it.",
        examples=["0b6f6f5e-3f55-4d5e-9a55-6a1f3b0c2d11"],
    )
    occurred_at: datetime = Field(
        default_factory=utcnow,
        description="When the fact happened (UTC, ISO-8601).",
        examples=["2026-04-01T01:02:03Z"],
    )
