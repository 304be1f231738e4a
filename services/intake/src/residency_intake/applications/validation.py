"""Turn a procedure's content (JSON) into its model, or field errors in JA and EN."""

from typing import Any

from pydantic import BaseModel, ValidationError
from residency_contracts import Procedure

from ..domain.procedures import model_for
from ..domain.rules import Problem
from ..errors import ApiError, FieldError, field_error

DRAFT_TOLERATED = {"missing", "confirmation_required"}


def errors_of(exc: ValidationError, prefix: str, *, partial: bool = False) -> list[FieldError]:
    return [field_error({**e, "loc": (*prefix.split("."), *e["loc"])})
            for e in exc.errors() if not (partial and e["type"] in DRAFT_TOLERATED)]


def parse(procedure: Procedure, data: Any, prefix: str, errors: list[FieldError], *,
          simultaneous: bool = False) -> BaseModel | None:
    """The validated model; on failure append the field errors and return None."""
    try:
        return model_for(procedure, simultaneous=simultaneous).model_validate(data)
    except ValidationError as exc:
        errors.extend(errors_of(exc, prefix))
        return None


def check_partial(procedure: Procedure, data: dict[str, Any], prefix: str = "content"
                  ) -> list[FieldError]:
    """Type and format checks only: a draft may leave required fields empty."""
    try:
        model_for(procedure).model_validate(data)
    except ValidationError as exc:
        return errors_of(exc, prefix, partial=True)
    return []


def as_field_errors(problems: list[Problem]) -> list[FieldError]:
    return [FieldError(field=p.field, code=p.code, message_ja=p.ja, message_en=p.en)
            for p in problems]


def invalid(errors: list[FieldError]) -> ApiError:
    return ApiError(422, "VALIDATION_FAILED", "入力内容に誤りがあります。",
                    "Some fields are not valid.", errors=errors)


def control_character_errors(data: Any, prefix: str) -> list[FieldError]:
    """NUL cannot be stored (PostgreSQL jsonb/text): name the field instead of failing later."""
    if isinstance(data, dict):
        return [e for k, val in data.items()
                for e in control_character_errors(val, f"{prefix}.{k}")] + (
            [_nul(prefix)] if any("\x00" in str(k) for k in data) else [])
    if isinstance(data, list):
        return [e for i, val in enumerate(data)
                for e in control_character_errors(val, f"{prefix}[{i}]")]
    return [_nul(prefix)] if isinstance(data, str) and "\x00" in data else []


def _nul(field: str) -> FieldError:
    return FieldError(field=field, code="INVALID_CHARACTERS",
                      message_ja="使用できない文字（制御文字）が含まれています。",
                      message_en="The value contains a character that cannot be stored.")
