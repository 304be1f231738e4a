"""Number formats intake gives out (SPEC §7): reference numbers and bulk numbers."""

from datetime import UTC, datetime

from residency_intake.domain.numbers import bulk_number, is_reference_number, reference_number


def test_reference_numbers_are_ten_digits_with_a_luhn_check_digit() -> None:
    numbers = {reference_number(n) for n in range(1, 2000)}
    assert len(numbers) == 1999 and all(len(n) == 10 and n.isdigit() for n in numbers)
    assert reference_number(1) == "0000000018"
    assert reference_number(999_999_999) == "9999999999"
    assert all(is_reference_number(n) for n in numbers)


def test_a_mistyped_digit_or_two_swapped_neighbours_are_caught() -> None:
    number = reference_number(123_456_789)
    typo = number[:3] + str((int(number[3]) + 1) % 10) + number[4:]
    swapped = number[:4] + number[5] + number[4] + number[6:]
    assert not is_reference_number(typo)
    assert number[4] == number[5] or not is_reference_number(swapped)
    assert not is_reference_number(number[:9]) and not is_reference_number("000000001８")


def test_a_bulk_number_carries_the_bureau_and_the_japanese_year() -> None:
    # 2026-12-31 20:00 UTC is already 2027 in Japan.
    assert bulk_number("東", datetime(2026, 12, 31, 20, 0, tzinfo=UTC), 42) == "一括東27000042"
    assert bulk_number("大", datetime(2026, 6, 1, tzinfo=UTC), 123456) == "一括大26123456"
