"""What the certificate says: labels and the lines of the PDF (its number: `number_formats`).
Pure."""

from dataclasses import dataclass
from datetime import date

BUREAUS: dict[str, tuple[str, str]] = {
    "札": ("札幌出入国在留管理局", "Sapporo"), "仙": ("仙台出入国在留管理局", "Sendai"),
    "東": ("東京出入国在留管理局", "Tokyo"), "名": ("名古屋出入国在留管理局", "Nagoya"),
    "大": ("大阪出入国在留管理局", "Osaka"), "広": ("広島出入国在留管理局", "Hiroshima"),
    "高": ("高松出入国在留管理局", "Takamatsu"), "福": ("福岡出入国在留管理局", "Fukuoka"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "student": ("留学", "Student"),
    "engineer_specialist_in_humanities_international_services": (
        "技術・人文知識・国際業務", "Engineer/Specialist in Humanities/International Services"),
    "specified_skilled_worker": ("特定技能", "Specified Skilled Worker"),
    "dependent": ("家族滞在", "Dependent"),
    "spouse_or_child_of_japanese_national": ("日本人の配偶者等", "Spouse or Child of Japanese National"),
    "long_term_resident": ("定住者", "Long-Term Resident"),
    "designated_activities": ("特定活動", "Designated Activities"),
    "professor": ("教授", "Professor"), "researcher": ("研究", "Researcher"),
    "instructor": ("教育", "Instructor"),
    "highly_skilled_professional": ("高度専門職", "Highly Skilled Professional"),
    "intra_company_transferee": ("企業内転勤", "Intra-company Transferee"),
    "skilled_labor": ("技能", "Skilled Labor"),
    "business_manager": ("経営・管理", "Business Manager"),
    "cultural_activities": ("文化活動", "Cultural Activities"),
}


def status_label(code: str) -> tuple[str, str]:
    return STATUS_LABELS.get(code, (code, code))


@dataclass(frozen=True)
class Certificate:
    number: str
    bureau: str
    issued_on: date
    valid_until: date
    reference_number: str
    latin_name: str
    nationality: str
    date_of_birth: date
    sex: str | None
    status_of_residence: str
    period_of_stay: str | None
    organization_name: str | None

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) rows as printed on the certificate."""
        ja, en = status_label(self.status_of_residence)
        rows = [
            ("在留資格認定証明書番号 / CESR number", self.number),
            ("氏名 / Name", self.latin_name),
            ("国籍・地域 / Nationality", self.nationality),
            ("生年月日 / Date of birth", self.date_of_birth.isoformat()),
            ("性別 / Sex", self.sex or "-"),
            ("在留資格 / Status of residence", f"{ja} / {en}"),
            ("在留期間 / Period of stay", self.period_of_stay or "-"),
            ("所属機関等 / Organization", self.organization_name or "-"),
            ("整理番号 / Reference number", self.reference_number),
            ("交付年月日 / Date of issue", self.issued_on.isoformat()),
            ("有効期限 / Valid until", self.valid_until.isoformat()),
            ("交付 / Issued by", self.issued_by),
        ]
        return rows

    @property
    def issued_by(self) -> str:
        ja, en = BUREAUS.get(self.bureau, (self.bureau, self.bureau))
        return f"{ja} / {en} Regional Immigration Services Bureau"
