"""Pure account rules: the password rule exactly as the manual states it, user IDs, types."""

import re
from email.message import EmailMessage

import pytest
from aiosmtplib.email import parse_address
from hypothesis import given, settings
from hypothesis.strategies import from_regex
from pydantic import ValidationError
from residency_intake.accounts.rules import (
    UserType,
    digest,
    new_user_id,
    password_problem,
)
from residency_intake.accounts.views import EMAIL_PATTERN, Registration, RegistrationRequest


@pytest.mark.parametrize(("password", "problem"), [
    ("Abcdefg1$x", None),                      # exactly 10
    ("Abcdefg1$xyzuvwpqrs", None),             # 19
    ("Abcdefg1$xyzuvwpqrst", None),            # exactly 20
    ("Abcdef1$x", "PASSWORD_LENGTH"),          # 9
    ("Abcdefg1$xyzuvwpqrstu", "PASSWORD_LENGTH"),  # 21
    ("", "PASSWORD_LENGTH"),
    ("abcdefg1$x", "PASSWORD_CHARACTER_CLASSES"),  # no upper case
    ("ABCDEFG1$X", "PASSWORD_CHARACTER_CLASSES"),  # no lower case
    ("Abcdefgh$x", "PASSWORD_CHARACTER_CLASSES"),  # no digit
    ("Abcdefg12x", "PASSWORD_CHARACTER_CLASSES"),  # no symbol
    ("Abcdefg1$ x", "PASSWORD_FORBIDDEN_CHARACTER"),  # space
    ("Abcdefg1$x.", "PASSWORD_FORBIDDEN_CHARACTER"),  # '.' is not in the list
    ("Abcdefg1$x^", "PASSWORD_FORBIDDEN_CHARACTER"),
    ("Abcdefg1$xé", "PASSWORD_FORBIDDEN_CHARACTER"),  # non-ASCII letter
    ("Ａbcdefg1$x", "PASSWORD_FORBIDDEN_CHARACTER"),  # full-width letter
    ("Abcdefg１$x", "PASSWORD_FORBIDDEN_CHARACTER"),  # full-width digit
])
def test_password_rule_table(password: str, problem: str | None) -> None:
    assert password_problem(password) == problem


@pytest.mark.parametrize("symbol", list("$%&=@_#*+-?!"))  # the symbols the form lists
def test_each_listed_symbol_counts_as_the_symbol(symbol: str) -> None:
    assert password_problem(f"Abcdefgh1{symbol}") is None


def _form(**kw: object) -> dict[str, object]:
    return {"token": "t", "user_type": "foreign_national", "latin_name": "SAMPLE,TARO",
            "phone": "09012345678", "password": "Abcdefg1$x", **kw}


def test_a_rule_breaking_password_is_a_field_error_in_both_languages() -> None:
    with pytest.raises(ValidationError) as info:
        Registration.model_validate(_form(password="abcdefg1$x"))
    [err] = info.value.errors()
    assert err["loc"] == ("password",) and err["type"] == "password_character_classes"
    assert "英大文字" in err["ctx"]["ja"] and "upper-case" in err["msg"]
    assert "abcdefg1$x" not in err["msg"]


@pytest.mark.parametrize(("field", "value"), [
    ("latin_name", "Sample,Taro"), ("latin_name", "SAMPLE TARO"), ("latin_name", "A," + "B" * 103),
    ("phone", "090-1234-5678"), ("phone", "0123456789012"), ("user_type", "examiner"),
])
def test_registration_profile_follows_the_formats(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        Registration.model_validate(_form(**{field: value}))
    assert [e["loc"] for e in info.value.errors()] == [(field,)]


def test_the_five_user_types_of_the_manual() -> None:
    assert {t.value for t in UserType} == {
        "organization_staff", "foreign_national", "legal_representative", "relative",
        "lawyer_or_scrivener"}


def test_user_ids_are_a_letter_and_nine_digits_and_vary() -> None:
    ids = {new_user_id() for _ in range(50)}
    assert all(re.fullmatch(r"U\d{9}", i) for i in ids) and len(ids) > 45


def test_tokens_are_stored_as_a_digest_not_as_themselves() -> None:
    assert digest("secret-token") != "secret-token" and len(digest("x")) == 64


@pytest.mark.parametrize("address", [
    "a<>@example.com", "a b@example.com", 'a"b@example.com', "a@b", "a,b@example.com",
    "ä@example.com", "a@example.com\n", "a@-example.com", "a..b@example.com",
    "a" * 49 + "@example.com",  # 61 characters
])
def test_account_emails_refuse_what_a_mail_server_could_not_take(address: str) -> None:
    with pytest.raises(ValidationError):
        RegistrationRequest.model_validate({"email": address})


@given(from_regex(EMAIL_PATTERN, fullmatch=True))
@settings(max_examples=200, deadline=None)
def test_every_accepted_account_email_can_be_put_on_an_smtp_line(address: str) -> None:
    parse_address(address)  # raises for anything SMTP refuses (spaces, <>, quotes…)
    message = EmailMessage()
    message["To"] = address
    assert message["To"] == address
