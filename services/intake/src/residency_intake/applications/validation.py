"""Turn a procedure's content (JSON) into its model, or field errors in JA and EN."""

from typing import Any

from pydantic import BaseModel, ValidationError
from residency_contracts import Procedure

from ..domain.procedures import model_for
from ..domain.rules import Problem
from ..errors import ApiError, FieldError, field_error, field_error_of, problem_errors

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


def check_partial(procedure: Procedure, data: dict[str, Any], prefix: str = "content", *,
                  simultaneous: bool = False) -> list[FieldError]:
    """Type and format checks only: a draft may leave required fields empty."""
    try:
        model_for(procedure, simultaneous=simultaneous).model_validate(data)
    except ValidationError as exc:
        return errors_of(exc, prefix, partial=True)
    return []


def as_field_errors(problems: list[Problem]) -> list[FieldError]:
    return problem_errors(problems)


def invalid(errors: list[FieldError]) -> ApiError:
    return ApiError(422, "VALIDATION_FAILED", errors=errors)


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
    return field_error_of(field, "INVALID_CHARACTERS")
