"""Fictitious test data: no real person, passport or address."""

from typing import Any


def ext_content(expiry: str = "2027-03-31", content_true: bool = True) -> dict[str, Any]:
    return {
        "identity": {
            "nationality": "VNM", "latin_name": "SAMPLE,TARO", "sex": "M",
            "date_of_birth": "2000-01-31", "marital_status": "single", "occupation": "student",
            "home_town": "SAMPLE CITY", "address_in_japan": "1-1 Example-cho, Sample-ku",
            "phone": "0300000000", "email": "applicant@example.com",
            "passport_number": "TE0000001", "passport_expiry": "2030-01-01",
            "criminal_record": False,
        },
        "current_status": {
            "status_of_residence": "student", "period_of_stay": "1 year",
            "expiry_date": expiry, "residence_card_number": "AB12345678CD",
        },
        "desired_period": "2 years", "reason": "To continue my studies.",
        "receipt_method": "mail", "notification_email": "applicant@example.com",
        "applicant_intent_confirmed": True, "content_true": content_true,
    }
