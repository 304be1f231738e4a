"""Pure filing rules across procedures (SPEC §3): combinations, copies, dates."""

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel
from residency_contracts import Procedure

from .period_of_stay import filing_day_problem
from .procedures import COPYABLE, SIMULTANEOUS, SIMULTANEOUS_MAINS, STANDALONE
from .rules import Problem

ACQ_WINDOW = timedelta(days=60)


def combination_problems(main: Procedure, simultaneous: list[Procedure],
                         receipt_method: object) -> list[Problem]:
    """What is wrong with filing `main` together with `simultaneous` (in order)."""
    if main not in STANDALONE and main not in (Procedure.REE, Procedure.ACT):
        return [Problem.of("procedure", "PROCEDURE_NOT_SUPPORTED")]
    if main not in STANDALONE:
        return [Problem.of("procedure", "PROCEDURE_NOT_STANDALONE")]
    problems: list[Problem] = []
    seen: set[Procedure] = set()
    for i, proc in enumerate(simultaneous):
        field = f"simultaneous[{i}].procedure"
        if proc not in SIMULTANEOUS or main not in SIMULTANEOUS_MAINS:
            problems.append(Problem.of(field, "SIMULTANEOUS_NOT_ALLOWED"))
        elif proc in seen:
            problems.append(Problem.of(field, "SIMULTANEOUS_DUPLICATE"))
        seen.add(proc)
    if Procedure.REE in seen and receipt_method != "counter":
        problems.append(Problem.of("content.receipt_method", "REENTRY_REQUIRES_COUNTER"))
    return problems


def apply_copies(main: dict[str, Any], child: dict[str, Any], copy: dict[str, bool]
                 ) -> dict[str, Any]:
    """The child's content with the checked sections taken from the main application."""
    out = dict(child)
    flags = {"identity": copy.get("personal_items", False),
             "legal_representative": copy.get("legal_representative", False),
             "agent": copy.get("agent", False)}
    for section in COPYABLE:
        if flags[section]:
            if main.get(section) is None:
                out.pop(section, None)
            else:
                out[section] = main[section]
    return out


def content_problems(procedure: Procedure, content: BaseModel, today: date) -> list[Problem]:
    """Rules that need today's date or more than one field."""
    problems: list[Problem] = []
    if hasattr(content, "current_status") and (late := filing_day_problem(
            content.current_status.expiry_date, today)):  # type: ignore[attr-defined]
        problems.append(late)
    if procedure is Procedure.ACQ:
        event: date = content.event_date  # type: ignore[attr-defined]
        field = "content.event_date"
        if event > today:
            problems.append(Problem.of(field, "EVENT_IN_FUTURE"))
        elif today - event > ACQ_WINDOW:
            problems.append(Problem.of(field, "ACQUISITION_DEADLINE_PASSED",
                                       days=ACQ_WINDOW.days))
    if procedure is Procedure.CHG and (
            content.desired_status  # type: ignore[attr-defined]
            == content.current_status.status_of_residence):  # type: ignore[attr-defined]
        problems.append(Problem.of("content.desired_status", "SAME_STATUS"))
    return problems
