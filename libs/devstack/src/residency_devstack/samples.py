"""Fictitious sample data for the demo and the tests: no real person, passport or address."""

import io
import secrets
from typing import Any


def sample_passport() -> str:
    """A fresh fictitious passport number, so each sample is a different person (the system
    allows one live application per person and procedure)."""
    return "TE" + "".join(secrets.choice("0123456789") for _ in range(7))


def identity(passport_number: str | None = None, latin_name: str = "SAMPLE,TARO",
             in_japan: bool = True) -> dict[str, Any]:
    person: dict[str, Any] = {
        "nationality": "VNM",
        "latin_name": latin_name,
        "sex": "M",
        "date_of_birth": "2000-01-31",
        "marital_status": "single",
        "occupation": "student",
        "home_town": "SAMPLE CITY",
        "address_in_japan": "1-1 Example-cho, Sample-ku",
        "phone": "0300000000",
        "email": "applicant@example.com",
        "passport_number": passport_number or sample_passport(),
        "passport_expiry": "2030-01-01",
        "criminal_record": False,
    }
    if not in_japan:
        del person["address_in_japan"]
    return person


def _main(notification_email: str, content_true: bool = True, **person: Any) -> dict[str, Any]:
    return {"identity": identity(**person), "notification_email": notification_email,
            "applicant_intent_confirmed": True, "content_true": content_true}


def current_status(expiry: str = "2027-03-31", status: str = "student") -> dict[str, Any]:
    return {"status_of_residence": status, "period_of_stay": "1 year", "expiry_date": expiry,
            "residence_card_number": "AB12345678CD"}


def ext_content(
    expiry: str = "2027-03-31",
    content_true: bool = True,
    notification_email: str = "applicant@example.com",
    passport_number: str | None = None,
) -> dict[str, Any]:
    """在留期間更新許可申請 (EXT)."""
    return _main(notification_email, content_true, passport_number=passport_number) | {
        "current_status": current_status(expiry),
        "desired_period": "2 years",
        "reason": "To continue my studies.",
        "receipt_method": "mail",
    }


def coe_content(notification_email: str = "applicant@example.com",
                passport_number: str | None = None) -> dict[str, Any]:
    """在留資格認定証明書交付申請 (COE): someone abroad, CESR by email."""
    return _main(notification_email, passport_number=passport_number, in_japan=False) | {
        "intended_status": "student", "intended_period": "2 years",
        "planned_entry_date": "2027-04-01", "port_of_entry": "NARITA",
        "purpose": "To study at Sample University.", "receipt_method": "email",
    }


def acq_content(event_date: str, notification_email: str = "applicant@example.com",
                passport_number: str | None = None) -> dict[str, Any]:
    """在留資格取得許可申請 (ACQ): a child born in Japan on `event_date`."""
    return _main(notification_email, passport_number=passport_number) | {
        "event": "birth_in_japan", "event_date": event_date, "desired_status": "dependent",
        "desired_period": "1 year", "reason": "Born in Japan to resident parents.",
        "receipt_method": "mail",
        "legal_representative": {"latin_name": "SAMPLE,HANAKO", "relationship": "mother",
                                 "address": "1-1 Example-cho, Sample-ku"},
    }


def chg_content(notification_email: str = "applicant@example.com",
                passport_number: str | None = None, expiry: str = "2027-03-31"
                ) -> dict[str, Any]:
    """在留資格変更許可申請 (CHG): a graduate starting work."""
    return _main(notification_email, passport_number=passport_number) | {
        "current_status": current_status(expiry),
        "desired_status": "engineer_specialist_in_humanities_international_services",
        "desired_period": "5 years", "reason": "Employed after graduation.",
        "receipt_method": "mail",
        "agent": {"name": "SAMPLE UNIVERSITY INTERNATIONAL OFFICE",
                  "address": "2-2 Example-cho, Sample-ku"},
    }


def wrk_content(notification_email: str = "applicant@example.com",
                passport_number: str | None = None) -> dict[str, Any]:
    """就労資格証明書交付申請 (WRK) on its own."""
    return _main(notification_email, passport_number=passport_number) | {
        "current_status": current_status(
            status="engineer_specialist_in_humanities_international_services"),
        "employer": "SAMPLE TRADING CO.", "activity_description": "Translation and sales.",
        "receipt_method": "mail",
    }


def ree_content() -> dict[str, Any]:
    """再入国許可申請 (REE), to file with CHG/EXT/ACQ (copy the personal items)."""
    return {"permit_type": "multiple", "travel_purpose": "family visit",
            "destination": "VIETNAM"}


def act_content() -> dict[str, Any]:
    """資格外活動許可申請 (ACT): part-time work."""
    return {"current_activity": "Sample University, 24 h/week", "workplace": "SAMPLE CAFE",
            "job_type": "restaurant", "weekly_hours": 20, "monthly_pay": 80000}


def wrk_supplement() -> dict[str, Any]:
    """就労資格証明書交付申請 (WRK) filed together with CHG/EXT/ACQ."""
    return {"activity_description": "Software development."}


def pdf_bytes(password: str | None = None) -> bytes:
    """A one-page PDF; with `password`, encrypted (AES-256) so documents must refuse it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_bytes(width: int = 300, height: int = 400) -> bytes:
    """A plain JPEG 'photo' (portrait 4:3 by default), no EXIF."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 200, 210)).save(out, "JPEG", quality=85)
    return out.getvalue()
