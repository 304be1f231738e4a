"""Bulk file layouts (SPEC §9): one column per leaf field of the single-filing forms.

Columns are derived from the same pydantic models as single filing, so a bulk row and a
single application can never disagree. Main fields are named by their path in `content`
(`identity.latin_name`); simultaneous ones by procedure and field (`REE.permit_type`).
Simultaneous applications copy the applicant, legal representative and agent from the
main one, so their columns hold only their own fields. Pure.
"""

import enum
import functools
import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from residency_contracts import Procedure

from ..domain.procedures import COPYABLE, SIMULTANEOUS, model_for

P = Procedure
BULK_PROCEDURES = (P.COE, P.CHG, P.EXT)
SIMULTANEOUS_COLUMNS: dict[Procedure, tuple[Procedure, ...]] = {
    P.COE: (), P.CHG: (P.REE, P.ACT, P.WRK), P.EXT: (P.REE, P.ACT, P.WRK)}


@dataclass(frozen=True)
class Column:
    name: str
    section: str
    """'' for the main application, else REE / ACT / WRK."""
    path: tuple[str, ...]
    kind: str
    """text, date, integer, yes_no or choice."""
    required: bool
    choices: tuple[str, ...] = ()
    description: str = ""
    example: str = ""


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(annotation))
    return annotation, False


def _kind(annotation: Any) -> tuple[str, tuple[str, ...]]:
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "choice", tuple(str(m.value) for m in annotation)
    if annotation is bool:
        return "yes_no", ("true", "false")
    if annotation is int:
        return "integer", ()
    if annotation is date:
        return "date", ()
    return "text", ()


def _walk(model: type[BaseModel], section: str, prefix: tuple[str, ...], required: bool,
          skip: tuple[str, ...] = ()) -> list[Column]:
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        annotation, optional = _strip_optional(info.annotation)
        needed = required and info.is_required() and not optional
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += _walk(annotation, section, (*prefix, name), needed)
            continue
        kind, choices = _kind(annotation)
        examples = info.examples or []
        head = f"{section}." if section else ""
        out.append(Column(head + ".".join((*prefix, name)), section, (*prefix, name), kind,
                          needed, choices, info.description or "",
                          str(examples[0]) if examples else ""))
    return out


@functools.cache
def layout(procedure: Procedure) -> tuple[Column, ...]:
    """Every column of `procedure`'s bulk file, in template order. `required` of a
    simultaneous column applies when that procedure is filed (any of its cells is filled)."""
    if procedure not in BULK_PROCEDURES:
        raise KeyError(procedure)
    cols = _walk(model_for(procedure), "", (), True)
    for sim in SIMULTANEOUS_COLUMNS[procedure]:
        cols += _walk(SIMULTANEOUS[sim], sim.value, (), True, skip=COPYABLE)
    return tuple(cols)


def names(procedure: Procedure) -> list[str]:
    return [c.name for c in layout(procedure)]


def spec(procedure: Procedure) -> list[dict[str, Any]]:
    """The documented column spec (also shipped as the template's second sheet)."""
    return [{"column": c.name, "section": c.section or procedure.value, "kind": c.kind,
             "required": c.required, "choices": list(c.choices), "description": c.description,
             "example": c.example} for c in layout(procedure)]
