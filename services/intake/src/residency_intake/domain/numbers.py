"""Number formats intake gives out (SPEC §7). Pure: the serials come from database sequences.

- 整理番号 (reference number): a 9-digit serial and a Luhn check digit — 10 digits, so a
  mistyped digit or two swapped neighbours are caught.
- 一括申請番号 (bulk number): 一括 + the bureau prefix + the 2-digit year (Japan) + a 6-digit
  serial.
"""

from datetime import datetime

from residency_contracts import TOKYO


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of `digits`."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def reference_number(serial: int) -> str:
    body = f"{serial:09d}"
    return body + luhn_digit(body)


def bulk_number(bureau: str, filed_at: datetime, serial: int) -> str:
    return f"一括{bureau}{filed_at.astimezone(TOKYO):%y}{serial:06d}"
