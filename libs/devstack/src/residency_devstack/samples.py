"""Fictitious sample data for the demo and the tests: no real person, passport or address."""

import io
from typing import Any


def ext_content(
    expiry: str = "2027-03-31",
    content_true: bool = True,
    notification_email: str = "applicant@example.com",
) -> dict[str, Any]:
    return {
        "identity": {
            "nationality": "VNM",
            "latin_name": "SAMPLE,TARO",
            "sex": "M",
            "date_of_birth": "2000-01-31",
            "marital_status": "single",
            "occupation": "student",
            "home_town": "SAMPLE CITY",
            "address_in_japan": "1-1 Example-cho, Sample-ku",
            "phone": "0300000000",
            "email": "applicant@example.com",
            "passport_number": "TE0000001",
            "passport_expiry": "2030-01-01",
            "criminal_record": False,
        },
        "current_status": {
            "status_of_residence": "student",
            "period_of_stay": "1 year",
            "expiry_date": expiry,
            "residence_card_number": "AB12345678CD",
        },
        "desired_period": "2 years",
        "reason": "To continue my studies.",
        "receipt_method": "mail",
        "notification_email": notification_email,
        "applicant_intent_confirmed": True,
        "content_true": content_true,
    }


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
