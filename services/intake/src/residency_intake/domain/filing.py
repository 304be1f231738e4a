"""Pure filing rules across procedures (SPEC §3): combinations, copies, dates."""

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel
from residency_contracts import Procedure

from .procedures import COPYABLE, SIMULTANEOUS, SIMULTANEOUS_MAINS, STANDALONE
from .rules import Problem, date_problems

ACQ_WINDOW = timedelta(days=60)


def combination_problems(main: Procedure, simultaneous: list[Procedure],
                         receipt_method: object) -> list[Problem]:
    """What is wrong with filing `main` together with `simultaneous` (in order)."""
    if main not in STANDALONE and main not in (Procedure.REE, Procedure.ACT):
        return [Problem("procedure", "PROCEDURE_NOT_SUPPORTED",
                        "この手続きは申請として作成できません。専用の手続きから行ってください。",
                        "This procedure is not filed as an application; use its own request.")]
    if main not in STANDALONE:
        return [Problem("procedure", "PROCEDURE_NOT_STANDALONE",
                        "この手続きは単独では申請できません。在留期間更新・在留資格変更・取得の申請と同時に申請してください。",
                        "This procedure cannot be filed on its own; file it together with an "
                        "extension, change or acquisition of status.")]
    problems: list[Problem] = []
    seen: set[Procedure] = set()
    for i, proc in enumerate(simultaneous):
        field = f"simultaneous[{i}].procedure"
        if proc not in SIMULTANEOUS or main not in SIMULTANEOUS_MAINS:
            problems.append(Problem(field, "SIMULTANEOUS_NOT_ALLOWED",
                                    "この組合せでは同時申請できません（再入国・資格外活動・就労資格証明書は在留資格変更・期間更新・取得と同時のみ）。",
                                    "Only re-entry, activity outside status and authorized-"
                                    "employment certificates can be filed together, and only "
                                    "with a change, extension or acquisition of status."))
        elif proc in seen:
            problems.append(Problem(field, "SIMULTANEOUS_DUPLICATE",
                                    "同じ手続きを重複して同時申請できません。",
                                    "The same procedure is listed twice."))
        seen.add(proc)
    if Procedure.REE in seen and receipt_method != "counter":
        problems.append(Problem("content.receipt_method", "REENTRY_REQUIRES_COUNTER",
                                "再入国許可申請を同時に申請する場合、在留カードの受領方法は「窓口」を選択してください。",
                                "With a re-entry permit the residence card must be collected at "
                                "a bureau counter: choose receipt_method \"counter\"."))
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
    if hasattr(content, "current_status"):
        problems += date_problems(content, today)  # type: ignore[arg-type]
    if procedure is Procedure.ACQ:
        event: date = content.event_date  # type: ignore[attr-defined]
        field = "content.event_date"
        if event > today:
            problems.append(Problem(field, "EVENT_IN_FUTURE", "将来の日付は入力できません。",
                                    "The date cannot be in the future."))
        elif today - event > ACQ_WINDOW:
            problems.append(Problem(field, "ACQUISITION_DEADLINE_PASSED",
                                    "出生・日本国籍離脱の日から60日を過ぎているため、オンラインで申請できません。窓口にご相談ください。",
                                    "More than 60 days have passed since the birth or loss of "
                                    "nationality; consult a bureau counter."))
    if procedure is Procedure.CHG and (
            content.desired_status  # type: ignore[attr-defined]
            == content.current_status.status_of_residence):  # type: ignore[attr-defined]
        problems.append(Problem("content.desired_status", "SAME_STATUS",
                                "現在の在留資格と異なる在留資格を選択してください（同じ場合は期間更新を申請してください）。",
                                "Choose a status different from the current one (for the same "
                                "status, apply for an extension)."))
    return problems
