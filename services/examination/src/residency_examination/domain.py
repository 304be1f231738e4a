"""Pure domain of examination: the lifecycle (as data). No I/O. Every status change of an
application goes through `Application.apply` (number formats: `number_formats`).

The lifecycle (SPEC §6) is the table `TRANSITIONS`: (status, action) -> (next status, role).
処理待ち → 申請完了 → 審査中 → (返却中 ⇄ 審査中) → 発行待ち → 完了, or 審査中 → 完了(不許可);
発行待ち → 完了 when the card is handed over, or, for an electronic CESR, when its receipt is
registered.
Usage requests (USE) and periodic reports (RPT) have nothing to issue or hand over, so their
approval goes straight from 審査中 to 完了 (`DIRECT_COMPLETION`): for them 完了 means approved.
Anything not in the table is illegal and refused.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

from residency_contracts import ApplicationStatus, Procedure

S: TypeAlias = ApplicationStatus

class Role(StrEnum):
    SYSTEM = "system"  # examination itself, on receiving a filing
    EXAMINER = "examiner"  # an examiner of the application's bureau (checked by intake)
    FILER = "filer"  # whoever filed the application


@dataclass(frozen=True)
class Rule:
    next: S
    role: Role


# (status, action) -> next status and who may do it. None: not received yet.
TRANSITIONS: dict[tuple[S | None, str], Rule] = {
    (None, "receive"): Rule(S.PENDING, Role.SYSTEM),
    (S.PENDING, "accept"): Rule(S.FILED, Role.SYSTEM),
    (S.FILED, "take"): Rule(S.EXAMINING, Role.EXAMINER),
    (S.EXAMINING, "request_correction"): Rule(S.RETURNED, Role.EXAMINER),
    (S.RETURNED, "resubmit"): Rule(S.EXAMINING, Role.FILER),
    (S.EXAMINING, "approve"): Rule(S.READY, Role.EXAMINER),
    (S.EXAMINING, "deny"): Rule(S.DENIED, Role.EXAMINER),
    (S.READY, "mark_delivered"): Rule(S.COMPLETED, Role.EXAMINER),
    # an electronic CESR: once the organization registers its receipt (受領登録) nothing is
    # left for the user to do (COE only; applied when a certificate was registered)
    (S.READY, "register_cesr_receipt"): Rule(S.COMPLETED, Role.FILER),
}

# Procedures whose approval completes them at once (nothing to issue): 審査中 → 完了.
DIRECT_COMPLETION = frozenset({Procedure.USE, Procedure.RPT})

ACTIONS = frozenset(action for _, action in TRANSITIONS)
STATES: tuple[S | None, ...] = (None, *S)


def rule_for(procedure: Procedure, status: S | None, action: str) -> Rule | None:
    """The rule for `action` in `status`, or None when it is illegal."""
    rule = TRANSITIONS.get((status, action))
    if rule and action == "approve" and procedure in DIRECT_COMPLETION:
        return Rule(S.COMPLETED, rule.role)
    if rule and action == "mark_delivered" and procedure in DIRECT_COMPLETION:
        return None  # never in 発行待ち
    if action == "register_cesr_receipt" and procedure != Procedure.COE:
        return None  # only a COE has a CESR
    return rule


class IllegalTransition(Exception):
    def __init__(self, status: S | None, action: str, role: Role) -> None:
        super().__init__(f"{role} cannot {action} while {status}")
        self.status, self.action, self.role = status, action, role


@dataclass
class Application:
    """The examination side of one application; records the status changes it goes through."""

    status: S | None = None
    sequence: int = 0
    procedure: Procedure = Procedure.EXT
    changes: list[tuple[S | None, S, int]] = field(default_factory=list)

    def allows(self, action: str, role: Role = Role.SYSTEM) -> bool:
        """Whether `role` may do `action` now (what `apply` would do without raising)."""
        rule = rule_for(self.procedure, self.status, action)
        return rule is not None and rule.role is role

    def apply(self, action: str, role: Role = Role.SYSTEM) -> S:
        rule = rule_for(self.procedure, self.status, action)
        if rule is None or rule.role is not role:
            raise IllegalTransition(self.status, action, role)
        self.sequence += 1
        self.changes.append((self.status, rule.next, self.sequence))
        self.status = rule.next
        return rule.next
