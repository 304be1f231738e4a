"""Document verdicts (SPEC §5): decided by content, exactly one code per file."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from residency_contracts.attachments import AttachmentKind, VerdictCode
from residency_documents.checks import check_file

from tests.unit.documents import corpus

TODAY = dt.date(2026, 5, 15)


def verdict(data: bytes) -> VerdictCode:
    return check_file(AttachmentKind.DOCUMENT, data, today=TODAY).code


def test_a_small_conforming_pdf_is_accepted() -> None:
    assert verdict(corpus.good_pdf()) == VerdictCode.OK


def test_a_pdf_with_xref_stream_and_object_streams_is_accepted() -> None:
    assert verdict(corpus.good_pdf(object_streams=True, pages=3)) == VerdictCode.OK


def test_a_hand_written_pdf_with_a_correct_xref_is_accepted() -> None:
    assert verdict(corpus.page_with_content(corpus.stream(b"BT ET"))) == VerdictCode.OK


def test_up_to_1024_leading_bytes_before_the_header_are_allowed() -> None:
    assert verdict(b"\0" * 1000 + corpus.good_pdf()) == VerdictCode.OK
    assert verdict(b"\0" * 1024 + corpus.good_pdf()) == VerdictCode.NOT_PDF


@pytest.mark.parametrize(("r", "aes", "name"), [(2, False, "rc4-40"), (3, False, "rc4-128"),
                                                (4, True, "aes-128"), (6, True, "aes-256")])  # fmt: skip
def test_a_pdf_needing_a_user_password_is_refused_as_encrypted(
    r: int, aes: bool, name: str
) -> None:
    data = corpus.pikepdf_encrypted(r=r, aes=aes, user="user-secret")
    assert verdict(data) == VerdictCode.PDF_ENCRYPTED, name


def test_aes256_encrypted_pdf_is_refused_as_encrypted() -> None:
    assert verdict(corpus.pikepdf_encrypted(r=6, aes=True, user="x")) == VerdictCode.PDF_ENCRYPTED


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128"])
def test_a_pdf_encrypted_by_pypdf_with_a_user_password_is_refused(algorithm: str) -> None:
    assert verdict(corpus.pypdf_encrypted(algorithm)) == VerdictCode.PDF_ENCRYPTED


def test_owner_password_pdf_forbidding_printing_is_refused_as_restricted() -> None:
    data = corpus.pikepdf_encrypted(r=6, aes=True, print_lowres=False, print_highres=False)
    assert verdict(data) == VerdictCode.PDF_RESTRICTED


def test_owner_password_pdf_forbidding_copying_is_refused_as_restricted() -> None:
    assert verdict(corpus.pikepdf_encrypted(r=4, aes=True, extract=False)) == (
        VerdictCode.PDF_RESTRICTED
    )


def test_pypdf_owner_password_pdf_clearing_the_print_bit_is_refused_as_restricted() -> None:
    data = corpus.pypdf_encrypted("RC4-128", user="", permissions=-1 & ~(1 << 2))
    assert verdict(data) == VerdictCode.PDF_RESTRICTED


def test_an_encrypted_pdf_allowing_everything_is_still_refused_because_spec_refuses_encryption():
    assert verdict(corpus.pikepdf_encrypted(r=6, aes=True)) == VerdictCode.PDF_RESTRICTED


def test_a_pdf_cut_in_half_is_malformed() -> None:
    data = corpus.good_pdf()
    assert verdict(data[: len(data) // 2]) == VerdictCode.PDF_MALFORMED


def test_a_pdf_missing_its_final_eof_marker_is_malformed() -> None:
    assert verdict(corpus.good_pdf()[:-7]) == VerdictCode.PDF_MALFORMED


@pytest.mark.parametrize("shift", [3, 7, 100])
def test_a_cross_reference_table_with_wrong_offsets_is_malformed(shift: int) -> None:
    assert verdict(corpus.broken_xref_pdf(shift)) == VerdictCode.PDF_MALFORMED


def test_a_missing_xref_keyword_is_malformed_not_silently_repaired() -> None:
    assert verdict(corpus.good_pdf().replace(b"\nxref\n", b"\nxrfe\n")) == VerdictCode.PDF_MALFORMED


def test_a_stream_whose_length_lies_is_malformed() -> None:
    data = corpus.page_with_content(b"<< /Length 99999999999 >>\nstream\nBT ET\nendstream")
    assert verdict(data) == VerdictCode.PDF_MALFORMED


def test_a_page_count_that_lies_is_malformed() -> None:
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>"
    data = corpus.raw_pdf([corpus.CATALOG, pages, corpus.PAGE, corpus.stream(b"BT ET")])
    assert verdict(data) == VerdictCode.PDF_MALFORMED


@pytest.mark.parametrize(
    "data", [corpus.png_bytes(), corpus.zip_bytes(), b"just some text\n", b"", corpus.jpeg()],
    ids=["png", "zip", "text", "empty", "jpeg"],
)  # fmt: skip
def test_other_formats_renamed_to_pdf_are_not_pdf(data: bytes) -> None:
    assert verdict(data) == VerdictCode.NOT_PDF


def test_text_that_only_starts_like_a_pdf_is_malformed() -> None:
    assert verdict(b"%PDF-1.7\nnot really\n%%EOF\n") == VerdictCode.PDF_MALFORMED


def test_a_deeply_nested_object_is_malformed_and_does_not_recurse() -> None:
    assert verdict(corpus.deeply_nested_pdf(100_000)) == VerdictCode.PDF_MALFORMED


def test_a_page_tree_that_loops_back_on_itself_is_malformed() -> None:
    assert verdict(corpus.reference_loop_pdf()) == VerdictCode.PDF_MALFORMED


def test_a_huge_xref_subsection_count_is_malformed_without_allocating_it() -> None:
    data = corpus.page_with_content(corpus.stream(b"BT ET"))
    data = data.replace(b"xref\n0 5", b"xref\n0 99999999").replace(b"/Size 5", b"/Size 99999999")
    assert verdict(data) == VerdictCode.PDF_MALFORMED


def test_a_flate_decompression_bomb_is_refused_quickly_without_inflating_it() -> None:
    data = corpus.flate_bomb_pdf(300)
    started = time.perf_counter()
    assert verdict(data) == VerdictCode.PDF_MALFORMED
    assert time.perf_counter() - started < 2.0


def test_a_corrupt_flate_stream_is_malformed() -> None:
    data = corpus.page_with_content(corpus.stream(b"\x78\x9c garbage", b"/Filter /FlateDecode"))
    assert verdict(data) == VerdictCode.PDF_MALFORMED
