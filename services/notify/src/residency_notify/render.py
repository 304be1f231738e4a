"""Pure rendering: a SendEmail command → subject, plain text and HTML, Japanese then English."""

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from residency_contracts import SendEmail

TEMPLATES = Path(__file__).parent / "templates"

SUBJECTS: dict[str, str] = {
    "reference_number": "【在留申請オンライン】整理番号のお知らせ / Your reference number",
    "reference_password": "【在留申請オンライン】パスワードのお知らせ / Your reference password",
    "provisional_receipt_number":
        "【在留申請オンライン】受付仮番号のお知らせ / Your provisional receipt number",
}

PROCEDURE_NAMES: dict[str, tuple[str, str]] = {
    "COE": ("在留資格認定証明書交付申請", "Certificate of Eligibility"),
    "ACQ": ("在留資格取得許可申請", "Permission to acquire status of residence"),
    "CHG": ("在留資格変更許可申請", "Change of status of residence"),
    "EXT": ("在留期間更新許可申請", "Extension of period of stay"),
    "WRK": ("就労資格証明書交付申請", "Certificate of authorized employment"),
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


_env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                   autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def render(command: SendEmail) -> Rendered:
    data = command.model_dump(mode="json")
    procedure = data.get("procedure")
    data["procedure_ja"], data["procedure_en"] = PROCEDURE_NAMES.get(procedure, (procedure, procedure))
    return Rendered(
        subject=SUBJECTS[command.template],
        text=_env.get_template(f"{command.template}.txt").render(data),
        html=_env.get_template(f"{command.template}.html").render(data),
    )
