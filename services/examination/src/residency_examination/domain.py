"""Pure domain of examination: the lifecycle and number formats. No I/O."""

from dataclasses import dataclass, field
from datetime import date

from residency_contracts import ApplicationStatus, Procedure

S = ApplicationStatus

# Procedure code inside receipt numbers (SPEC §7: 福オンEP23000000 is an extension).
NUMBER_CODES: dict[Procedure, str] = {
    Procedure.COE: "CE", Procedure.ACQ: "AQ", Procedure.CHG: "CS", Procedure.EXT: "EP",
    Procedure.WRK: "WA", Procedure.REE: "RE", Procedure.ACT: "AC", Procedure.RCV: "RM",
    Procedure.USE: "UR", Procedure.RPT: "PR",
}


def receipt_number(bureau: str, procedure: Procedure, on: date, serial: int) -> str:
    """申請受付番号: bureau prefix, オン, procedure code, two-digit year, six-digit serial."""
    return f"{bureau}オン{NUMBER_CODES[procedure]}{on:%y}{serial:06d}"


def provisional_receipt_number(bureau: str, procedure: Procedure, on: date, serial: int) -> str:
    """受付仮番号: 仮 followed by the receipt-number format, from its own series."""
    return "仮" + receipt_number(bureau, procedure, on, serial)


class IllegalTransition(Exception):
    def __init__(self, status: S, action: str) -> None:
        super().__init__(f"{action} is not allowed while {status}")
        self.status, self.action = status, action


# (state, action) -> next state
TRANSITIONS: dict[tuple[S | None, str], S] = {
    (None, "receive"): S.PENDING,
    (S.PENDING, "accept"): S.FILED,
}


@dataclass
class Application:
    """The examination side of one application; records the status changes it goes through."""

    status: S | None = None
    sequence: int = 0
    changes: list[tuple[S | None, S, int]] = field(default_factory=list)

    def apply(self, action: str) -> S:
        nxt = TRANSITIONS.get((self.status, action))
        if nxt is None:
            raise IllegalTransition(self.status or S.PENDING, action)
        self.sequence += 1
        self.changes.append((self.status, nxt, self.sequence))
        self.status = nxt
        return nxt
