"""One bulk row: its cells become a single application (with its simultaneous ones), checked
by the very functions single filing uses — same rules, codes and messages. Pure."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from residency_contracts import Procedure

from ..applications import validation as v
from ..applications.core import validated
from ..domain.filing import content_problems
from ..domain.procedures import COPYABLE, model_for
from ..errors import ApiError, FieldError, field_error_of
from ..views import NewApplication
from .columns import Column, layout

OK, NEEDS_CHECKING = "ok", "needs_checking"
STATUS_JA = {OK: "正常", NEEDS_CHECKING: "要確認"}
YES = {"true", "yes", "y", "1", "はい", "有", "○"}
NO = {"false", "no", "n", "0", "いいえ", "無", "×"}
COPY_ALL = {"personal_items": True, "legal_representative": True, "agent": True}


@dataclass
class Verdict:
    status: str
    errors: list[FieldError] = field(default_factory=list)
    application: dict[str, Any] = field(default_factory=dict)
    """{procedure, content, simultaneous}: what a single filing would have sent."""
    validated: list[tuple[Procedure, str]] = field(default_factory=list)
    """[(procedure, content JSON)], main first, when the row is ok."""


def _value(col: Column, raw: str) -> Any:
    text = raw.strip()
    if col.kind == "yes_no":
        low = text.lower()
        return True if low in YES else False if low in NO else text
    return text


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def application_of(procedure: Procedure, cells: dict[str, str]) -> dict[str, Any]:
    """The single-filing request a row stands for. Empty cells are left out; a section
    (legal representative, agent, a simultaneous procedure) exists once a cell of it is filled."""
    content: dict[str, Any] = {}
    sims: dict[str, dict[str, Any]] = {}
    for col in layout(procedure):
        raw = cells.get(col.name, "")
        if not raw.strip():
            continue
        _put(sims.setdefault(col.section, {}) if col.section else content, col.path,
             _value(col, raw))
    model = model_for(procedure)
    for name, info in model.model_fields.items():
        sub = getattr(info.annotation, "model_fields", None)
        if sub is not None and info.is_required():
            content.setdefault(name, {})  # name the missing leaves, not the section
    return {"procedure": procedure.value, "content": content, "simultaneous": [
        {"procedure": proc, "content": data, "copy": COPY_ALL} for proc, data in sims.items()]}


def _column(field_path: str | None, application: dict[str, Any]) -> str | None:
    """Single-filing field path → the file's column name."""
    if field_path is None:
        return None
    if field_path.startswith("content."):
        return field_path.removeprefix("content.")
    if field_path.startswith("simultaneous["):
        index, _, rest = field_path.removeprefix("simultaneous[").partition("]")
        sims = application["simultaneous"]
        if index.isdigit() and int(index) < len(sims):
            proc, rest = sims[int(index)]["procedure"], rest.removeprefix(".content")
            if rest.lstrip(".").split(".")[0] in COPYABLE:
                return rest.lstrip(".")  # copied from the main columns
            return proc + rest.removeprefix(".procedure")
    return field_path


def check(procedure: Procedure, cells: dict[str, str], today: date,
          extra_cells: bool = False) -> Verdict:
    """正常 or 要確認 with every failing column (creation and filing content rules)."""
    application = application_of(procedure, cells)
    errors: list[FieldError] = []
    parts: list[tuple[Procedure, str]] = []
    try:
        parts = validated(NewApplication.model_validate(application))
        main = model_for(procedure).model_validate_json(parts[0][1])
        errors = v.as_field_errors(content_problems(procedure, main, today))
    except ApiError as exc:
        errors = list(exc.body.errors)
    except ValidationError as exc:  # the request shape itself (cannot happen from cells)
        errors = v.errors_of(exc, "")
    errors = list({(e.field, e.code): e for e in (
        e.model_copy(update={"field": _column(e.field, application)}) for e in errors)}.values())
    if extra_cells:
        errors.append(field_error_of(None, "EXTRA_CELLS"))
    if errors:
        return Verdict(NEEDS_CHECKING, errors, application)
    return Verdict(OK, [], application, parts)
