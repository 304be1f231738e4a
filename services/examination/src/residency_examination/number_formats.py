"""Number formats of examination (SPEC §7), pure: what each number looks like and the
PostgreSQL sequence each series is drawn from (`numbers.next_serial` allocates).

- 申請受付番号 (application receipt number): bureau + オン + procedure code + yy + 6 digits
  (`福オンEP23000000` is an extension filed in Fukuoka in 2023).
- 受付仮番号 (provisional receipt number): 仮 + the same format, from its own series.
- 在留資格認定証明書番号 (CESR number): bureau + オン + CESR + yy + 6 digits ("CESR" keeps it
  apart from the COE's 申請受付番号, 東オンCE26000001).
Each series has its own sequence per bureau, procedure and year (the year of the Japan day).
"""

from datetime import date

from residency_contracts import Procedure
from residency_contracts.common import BUREAU_PREFIXES

NUMBER_CODES: dict[Procedure, str] = {
    Procedure.COE: "CE", Procedure.ACQ: "AQ", Procedure.CHG: "CS", Procedure.EXT: "EP",
    Procedure.WRK: "WA", Procedure.REE: "RE", Procedure.ACT: "AC", Procedure.RCV: "RM",
    Procedure.USE: "UR", Procedure.RPT: "PR",
}
CESR_INFIX = "CESR"
SERIAL_MAX = 999_999
SERIES = frozenset({"provisional", "receipt", "cesr"})


def receipt_number(bureau: str, procedure: Procedure, on: date, serial: int) -> str:
    """申請受付番号: bureau prefix, オン, procedure code, two-digit year, six-digit serial."""
    return f"{bureau}オン{NUMBER_CODES[procedure]}{on:%y}{serial:06d}"


def provisional_receipt_number(bureau: str, procedure: Procedure, on: date, serial: int) -> str:
    """受付仮番号: 仮 followed by the receipt-number format, from its own series."""
    return "仮" + receipt_number(bureau, procedure, on, serial)


def cesr_number(bureau: str, on: date, serial: int) -> str:
    """在留資格認定証明書番号 (own sequence per bureau and year)."""
    return f"{bureau}オン{CESR_INFIX}{on:%y}{serial:06d}"


def sequence_name(series: str, bureau: str, procedure: Procedure, on: date) -> str:
    """The PostgreSQL sequence of one series, bureau, procedure and year (an SQL identifier:
    only ASCII letters, digits and underscores; the bureau by its index)."""
    if series not in SERIES:
        raise ValueError(f"unknown number series: {series}")
    return f"num_{series}_{BUREAU_PREFIXES.index(bureau)}_{NUMBER_CODES[procedure]}_{on:%y}".lower()
