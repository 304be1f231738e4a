"""Number formats intake gives out (SPEC §7): reference numbers and bulk numbers."""

from datetime import UTC, datetime

from residency_intake.domain.numbers import bulk_number, luhn_digit, reference_number


def test_reference_numbers_are_ten_digits_with_a_luhn_check_digit() -> None:
    numbers = {reference_number(n) for n in range(1, 2000)}
    assert len(numbers) == 1999 and all(len(n) == 10 and n.isdigit() for n in numbers)
    assert reference_number(1) == "0000000018"
    assert reference_number(999_999_999) == "9999999999"
    assert all(luhn_digit(n[:9]) == n[9] for n in numbers)


def test_a_mistyped_digit_or_two_swapped_neighbours_are_caught() -> None:
    number = reference_number(123_456_789)  # 123456789 + check digit
    for i in range(9):
        typo = number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1:9]
        assert luhn_digit(typo) != number[9], typo
    for i in range(8):
        swapped = number[:i] + number[i + 1] + number[i] + number[i + 2:9]
        assert luhn_digit(swapped) != number[9], swapped


def test_a_bulk_number_carries_the_bureau_and_the_japanese_year() -> None:
    # 2026-12-31 20:00 UTC is already 2027 in Japan.
    assert bulk_number("東", datetime(2026, 12, 31, 20, 0, tzinfo=UTC), 42) == "一括東27000042"
    assert bulk_number("大", datetime(2026, 6, 1, tzinfo=UTC), 123456) == "一括大26123456"
