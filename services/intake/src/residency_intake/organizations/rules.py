"""Pure rules of filing a usage request or periodic report (access: domain.organization_access)."""

from residency_contracts import VerdictCode
from residency_contracts.liveness import is_live

from ..domain.rules import AttachmentState, Problem


def filing_problems(attachments: list[AttachmentState]) -> tuple[list[Problem], bool]:
    """(problems, pending) for a usage request or report: ≥1 PDF, every verdict OK."""
    problems = [
        Problem(f"attachments[{i}]", a.code.value, a.message_ja or "", a.message_en or "")
        for i, a in enumerate(attachments) if a.code not in (None, VerdictCode.OK)
    ]
    if not attachments:
        problems.append(Problem.of("attachments", "ATTACHMENTS_REQUIRED"))
    return problems, any(a.code is None for a in attachments)


def missing_fields(values: dict[str, object], required: tuple[str, ...]) -> list[Problem]:
    """Fields a kind of request needs but left empty."""
    return [Problem.of(name, "MISSING") for name in required if values.get(name) in (None, "")]


def in_progress(state: str, status: str | None) -> bool:
    """A usage request (per filer) or periodic report (per organization) blocks another from
    the moment it is started until it is completed or denied."""
    return state == "draft" or is_live(status)
