"""Every member of the SendEmail union has a template that renders subject, text and HTML."""

import typing
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from pydantic import BaseModel
from residency_contracts import Procedure, SendEmail
from residency_contracts.commands import SendProfileChanged
from residency_notify.render import render

SAMPLE_VALUES: dict[str, object] = {
    "to": ["someone@example.com"], "application_id": uuid4(), "reference_number": "0000000018",
    "procedure": Procedure.EXT, "reference_password": "Sample-Pass1", "login_id": "U123456789",
    "provisional_receipt_number": "仮東オンEP26000001", "change": "password",
    "link": "http://127.0.0.1:8000/accounts/registration?token=SAMPLE-TOKEN",
    "expires_at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    "receipt_number": "東オンEP26000001", "items": ["Certificate of enrollment"],  # examination
    "requested_at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "permitted": True, "applied": True, "approved": True,
    "receipt_method": "mail", "status_ja": "審査中",
    "cesr_number": "東オンCESR26000001", "issued_on": date(2026, 1, 5),  # electronic CESR
    "valid_until": date(2026, 4, 5), "receipt_url": "http://127.0.0.1:8000/cesr-receipts",
    "latin_name": "SAMPLE,TARO", "nationality": "VNM", "date_of_birth": date(2000, 1, 31),
    "status_of_residence_ja": "留学", "status_of_residence_en": "Student",
    "issued_by": "東京出入国在留管理局", "reminder": 1,
    "bulk_number": "一括東26000001", "count": 300,  # bulk filing
}


def _members() -> list[type[BaseModel]]:
    union = typing.get_args(SendEmail)[0]
    return list(typing.get_args(union))


def _sample(cls: type[BaseModel]) -> BaseModel:
    fields = {name: SAMPLE_VALUES[name] for name, info in cls.model_fields.items()
              if info.is_required() or name in SAMPLE_VALUES and name != "template"
              and name not in ("event_id", "occurred_at")}
    return cls(**fields)


@pytest.mark.parametrize("cls", _members(), ids=lambda c: c.__name__)
def test_every_email_renders_bilingual_subject_text_and_html(cls: type[BaseModel]) -> None:
    command = _sample(cls)
    r = render(command)  # type: ignore[arg-type]
    assert r.subject.startswith("【在留申請オンライン】") and " / " in r.subject
    assert r.text.strip() and "<html" in r.html
    assert "送信専用" in r.text and "no-reply" in r.text  # the footer: JA and EN
    for name in ("link", "login_id", "reference_number", "reference_password",
                 "provisional_receipt_number", "bulk_number", "count"):
        if name in cls.model_fields:
            assert str(SAMPLE_VALUES[name]) in r.text, f"{name} missing from the text"
            assert str(SAMPLE_VALUES[name]) in r.html, f"{name} missing from the HTML"


@pytest.mark.parametrize(("change", "ja", "en"), [
    ("email", "メールアドレス", "email address"), ("password", "パスワード", "password"),
    ("phone", "電話番号", "phone number")])
def test_profile_changed_email_names_what_changed(change: str, ja: str, en: str) -> None:
    r = render(SendProfileChanged(to=["a@example.com"], change=change))  # type: ignore[arg-type]
    assert ja in r.subject and en in r.subject
    assert f"登録されている{ja}を変更しました" in r.text and f"The {en} of your" in r.text
    assert f"登録されている{ja}を変更しました" in r.html and f"The {en} of your" in r.html
