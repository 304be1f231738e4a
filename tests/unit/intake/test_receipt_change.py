"""A receipt-method change (RCV) asks for a method of the application's kind: a COE's
certificate by email or post, a residence card by mail or at a counter (a counter only with a
re-entry permit)."""

from residency_intake.domain.receipt_change import change_problem, methods_for


def test_a_coe_changes_its_certificate_between_email_and_post() -> None:
    assert methods_for("COE", True, False) == ("email", "post")
    assert change_problem("COE", True, False, "post", None) is None
    assert change_problem("COE", True, False, "email", None) is None


def test_a_coe_cannot_ask_for_a_card_method_or_a_counter() -> None:
    p = change_problem("COE", True, False, "counter", None)
    assert p is not None and (p.field, p.code) == ("receipt_method", "CERTIFICATE_BY_EMAIL_OR_POST")
    assert "電子メール" in p.ja and "email" in p.en
    p = change_problem("COE", True, False, "post", "東京")
    assert p is not None and (p.field, p.code) == ("counter_bureau", "NO_COUNTER_FOR_CERTIFICATE")


def test_a_card_changes_between_mail_and_counter_only() -> None:
    assert methods_for("EXT", True, False) == ("mail", "counter")
    assert change_problem("EXT", True, False, "counter", "東京") is None
    p = change_problem("EXT", True, False, "email", None)
    assert p is not None and p.code == "CARD_BY_MAIL_OR_COUNTER"


def test_with_a_re_entry_permit_only_the_counter() -> None:
    assert methods_for("EXT", True, True) == ("counter",)
    p = change_problem("EXT", True, True, "mail", None)
    assert p is not None and p.code == "REENTRY_REQUIRES_COUNTER"


def test_an_application_without_a_receipt_method_changes_nothing() -> None:
    assert methods_for("USE", False, False) == ()
    p = change_problem("USE", False, False, "mail", None)
    assert p is not None and p.code == "RECEIPT_METHOD_NOT_APPLICABLE"
