"""Number formats (SPEC §7) and the sequences they are drawn from."""

from datetime import date

import pytest
from residency_contracts import Procedure
from residency_contracts.common import BUREAU_PREFIXES
from residency_examination.number_formats import (
    NUMBER_CODES,
    cesr_number,
    provisional_receipt_number,
    receipt_number,
    sequence_name,
)


def test_receipt_numbers_carry_bureau_online_marker_procedure_year_and_serial() -> None:
    assert receipt_number("福", Procedure.EXT, date(2023, 5, 1), 0) == "福オンEP23000000"
    assert receipt_number("東", Procedure.COE, date(2026, 4, 1), 42) == "東オンCE26000042"


def test_provisional_numbers_are_marked_and_never_equal_a_receipt_number() -> None:
    p = provisional_receipt_number("東", Procedure.EXT, date(2026, 4, 1), 7)
    assert p == "仮東オンEP26000007" and p != receipt_number("東", Procedure.EXT, date(2026, 4, 1), 7)


def test_cesr_numbers_are_apart_from_the_coes_receipt_numbers() -> None:
    assert cesr_number("東", date(2026, 4, 1), 1) == "東オンCESR26000001"
    assert cesr_number("東", date(2026, 4, 1), 1) != receipt_number(
        "東", Procedure.COE, date(2026, 4, 1), 1)


def test_every_procedure_has_its_own_two_letter_code() -> None:
    assert set(NUMBER_CODES) == set(Procedure)
    assert len(set(NUMBER_CODES.values())) == len(Procedure)


def test_each_series_bureau_procedure_and_year_has_its_own_plain_sequence_name() -> None:
    names = {sequence_name(series, bureau, procedure, date(2026, 4, 1))
             for series in ("provisional", "receipt", "cesr") for bureau in BUREAU_PREFIXES
             for procedure in Procedure}
    assert len(names) == 3 * len(BUREAU_PREFIXES) * len(Procedure)
    assert all(name.isascii() and name.replace("_", "").isalnum() for name in names)
    assert sequence_name("receipt", "札", Procedure.ACT, date(2026, 1, 1)) == "num_receipt_0_ac_26"
    assert sequence_name("receipt", "札", Procedure.ACT, date(2027, 1, 1)) != sequence_name(
        "receipt", "札", Procedure.ACT, date(2026, 1, 1))


def test_an_unknown_series_is_refused() -> None:
    with pytest.raises(ValueError):
        sequence_name("receipt; DROP TABLE applications", "東", Procedure.EXT, date(2026, 4, 1))
