"""What a dead letter's error header says: the class and the reason, never the input."""

from pydantic import BaseModel, ValidationError
from residency_messaging.deadletter import describe


class Command(BaseModel):
    to: list[str]
    count: int


def test_a_validation_error_names_fields_and_reasons_but_not_the_values() -> None:
    try:
        Command.model_validate({"to": "someone@example.com", "count": "many"})
    except ValidationError as exc:
        text = describe(exc)
    assert text.startswith("ValidationError: 2 validation error(s) for Command: ")
    assert "to: Input should be a valid list" in text and "count:" in text
    assert "someone@example.com" not in text and "many" not in text


def test_other_errors_keep_their_message_and_are_bounded() -> None:
    assert describe(TimeoutError("smtp")) == "TimeoutError: smtp"
    assert len(describe(RuntimeError("x" * 5000))) == 2000
