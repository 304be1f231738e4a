"""Face-photo verdicts (SPEC §5): JPEG only, portrait 4:3 after EXIF orientation, size, age."""

from __future__ import annotations

import datetime as dt

import pytest
from residency_contracts.attachments import AttachmentKind, VerdictCode
from residency_documents.checks import check_file
from residency_documents.photo_checks import months_before

from tests.unit.documents import corpus

TODAY = dt.date(2026, 5, 15)


def verdict(data: bytes, months: int = 6) -> VerdictCode:
    return check_file(AttachmentKind.PHOTO, data, today=TODAY, max_photo_age_months=months).code


def test_a_300x400_portrait_jpeg_is_accepted() -> None:
    assert verdict(corpus.jpeg((300, 400))) == VerdictCode.OK


def test_a_large_progressive_portrait_jpeg_is_accepted() -> None:
    assert verdict(corpus.jpeg((1200, 1600), noise=True, progressive=True)) == VerdictCode.OK


def test_aspect_within_two_percent_of_four_to_three_is_accepted() -> None:
    assert verdict(corpus.jpeg((300, 408))) == VerdictCode.OK
    assert verdict(corpus.jpeg((600, 784))) == VerdictCode.OK
    assert verdict(corpus.jpeg((300, 410))) == VerdictCode.PHOTO_ASPECT
    assert verdict(corpus.jpeg((300, 300))) == VerdictCode.PHOTO_ASPECT


@pytest.mark.parametrize("orientation", [1, 2, 3, 4])
def test_orientations_1_to_4_keep_a_stored_portrait_portrait(orientation: int) -> None:
    assert verdict(corpus.jpeg((300, 400), orientation=orientation)) == VerdictCode.OK
    assert verdict(corpus.jpeg((400, 300), orientation=orientation)) == VerdictCode.PHOTO_ASPECT


@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_orientations_5_to_8_turn_a_stored_landscape_into_a_portrait(orientation: int) -> None:
    assert verdict(corpus.jpeg((400, 300), orientation=orientation)) == VerdictCode.OK
    assert verdict(corpus.jpeg((300, 400), orientation=orientation)) == VerdictCode.PHOTO_ASPECT


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "WEBP", "BMP", "TIFF"])
def test_other_image_formats_renamed_to_jpg_are_not_jpeg(fmt: str) -> None:
    assert verdict(corpus.png_bytes(fmt=fmt)) == VerdictCode.PHOTO_NOT_JPEG


def test_a_pdf_sent_as_the_photo_is_not_jpeg() -> None:
    assert verdict(corpus.good_pdf()) == VerdictCode.PHOTO_NOT_JPEG


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.99])
def test_a_truncated_jpeg_is_corrupt(keep: float) -> None:
    data = corpus.jpeg((600, 800), noise=True)
    assert verdict(data[: int(len(data) * keep)]) == VerdictCode.PHOTO_CORRUPT


def test_a_jpeg_signature_followed_by_garbage_is_corrupt() -> None:
    assert verdict(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 10) == VerdictCode.PHOTO_CORRUPT


def test_a_150x200_photo_is_too_small() -> None:
    assert verdict(corpus.jpeg((150, 200))) == VerdictCode.PHOTO_TOO_SMALL


@pytest.mark.parametrize("size", [(65000, 65000), (7000, 9333)])
def test_huge_declared_dimensions_are_too_large_before_decoding(size: tuple[int, int]) -> None:
    assert verdict(corpus.with_declared_size(corpus.jpeg(), *size)) == VerdictCode.PHOTO_TOO_LARGE


def test_a_photo_taken_seven_months_ago_is_too_old() -> None:
    assert verdict(corpus.jpeg(taken=dt.date(2025, 10, 14))) == VerdictCode.PHOTO_TOO_OLD


def test_a_photo_taken_five_months_ago_is_accepted_with_the_six_month_limit() -> None:
    assert verdict(corpus.jpeg(taken=dt.date(2025, 12, 15))) == VerdictCode.OK


def test_a_photo_taken_four_months_ago_is_too_old_for_a_three_month_organization() -> None:
    data = corpus.jpeg(taken=dt.date(2026, 1, 15))
    assert verdict(data, months=3) == VerdictCode.PHOTO_TOO_OLD
    assert verdict(data, months=6) == VerdictCode.OK


def test_too_old_message_names_the_organizations_limit() -> None:
    data = corpus.jpeg(taken=dt.date(2026, 1, 15))
    result = check_file("photo", data, today=TODAY, max_photo_age_months=3)
    assert "3か月" in result.message_ja and "3 months" in result.message_en


def test_the_modification_date_is_used_when_there_is_no_capture_date() -> None:
    assert verdict(corpus.jpeg(modified=dt.date(2025, 1, 1))) == VerdictCode.PHOTO_TOO_OLD


def test_a_photo_exactly_at_the_limit_is_accepted() -> None:
    assert verdict(corpus.jpeg(taken=dt.date(2025, 11, 15))) == VerdictCode.OK
    assert verdict(corpus.jpeg(taken=dt.date(2025, 11, 14))) == VerdictCode.PHOTO_TOO_OLD


def test_a_photo_without_exif_date_is_accepted_for_the_examiner_to_judge() -> None:
    assert verdict(corpus.jpeg()) == VerdictCode.OK


def test_months_before_clamps_to_the_end_of_a_shorter_month() -> None:
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 3) == dt.date(2025, 12, 15)
