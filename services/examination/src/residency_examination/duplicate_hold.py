"""The duplicate-application hold (SPEC §3: one live application per person and procedure),
pure.

A received application is held in 処理待ち (`hold = 'duplicate_application'`) while the same
person (applicant key) has another live application of the same procedure filed through
another organization that is not itself held. When that one ends (完了 / 完了(不許可)), the
applications it held are accepted in filing order, each checked again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from residency_contracts import ApplicationStatus
from residency_contracts.liveness import is_live

HOLD = "duplicate_application"


@dataclass(frozen=True)
class Filed:
    """What the rule needs of an application of the same person and procedure."""

    id: UUID
    organization_id: UUID | None
    status: ApplicationStatus | str | None
    hold: str | None = None


def blocks(other: Filed, candidate: Filed) -> bool:
    """Whether `other` holds `candidate` back: live, not held itself, and filed through a
    different organization (or one of them without an organization)."""
    return (other.id != candidate.id and other.organization_id != candidate.organization_id
            and other.hold is None and is_live(other.status))


def held(candidate: Filed, same_person_and_procedure: Iterable[Filed]) -> bool:
    """Whether `candidate` must wait: any other application of the person blocks it."""
    return any(blocks(other, candidate) for other in same_person_and_procedure)
