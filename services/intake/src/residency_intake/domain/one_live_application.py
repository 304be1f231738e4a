"""One live application per person and procedure (SPEC §3): a person cannot file again for a
procedure while an earlier application of theirs for it is live — filed and not yet completed
or denied (`residency_contracts.liveness`). Pure: the caller passes the statuses of the
person's filed applications of that procedure (None: filed, not yet received by examination)."""

from collections.abc import Iterable

from residency_contracts.liveness import is_live

from .rules import Problem


def duplicate_problem(filed_statuses: Iterable[str | None], field: str) -> Problem | None:
    if not any(is_live(status) for status in filed_statuses):
        return None
    return Problem.of(field, "DUPLICATE_LIVE_APPLICATION")
