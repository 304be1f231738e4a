"""Document verdicts (SPEC §5): decided by content, exactly one code per file. What every viewer
repairs is accepted and stored repaired; what cannot be recovered or decoded, and anything
encrypted, is refused (issue 13)."""

from __future__ import annotations

import binascii
import datetime as dt
import io
import time

import pikepdf
import pytest
from PIL import Image
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


def test_an_encrypted_pdf_allowing_everything_is_refused_as_encrypted_not_restricted() -> None:
    checked = check_file(AttachmentKind.DOCUMENT, corpus.pikepdf_encrypted(r=6, aes=True),
                         today=TODAY)
    assert checked.code == VerdictCode.PDF_ENCRYPTED
    assert "Encrypted PDFs cannot be attached, even ones that open without a password" in (
        checked.message_en)
    assert "暗号化" in checked.message_ja and "印刷" not in checked.message_ja


@pytest.mark.parametrize("user", ["", "user-secret"], ids=["no password", "user password"])
def test_an_encrypted_pdf_with_a_broken_xref_is_encrypted_not_malformed(user: str) -> None:
    data = corpus.broken_xref_pdf(7, corpus.pikepdf_encrypted(r=6, aes=True, user=user))
    assert verdict(data) == VerdictCode.PDF_ENCRYPTED


def test_an_encrypted_pdf_beyond_repair_is_still_refused_as_encrypted() -> None:
    data = corpus.pikepdf_encrypted(r=4, aes=True, user="user-secret")
    cut = data[: data.index(b"/Encrypt")] + b"/Encrypt 9 0 R >>\n%%EOF\n"
    assert verdict(cut[: len(cut) // 3] + cut[-40:]) == VerdictCode.PDF_ENCRYPTED


# --- Damage every viewer repairs: accepted, and stored repaired ------------------------------


def accepted_copy(data: bytes) -> bytes:
    """The bytes the service stores for an accepted document (asserting it is accepted)."""
    checked = check_file(AttachmentKind.DOCUMENT, data, today=TODAY)
    assert checked.code == VerdictCode.OK, checked
    return data if checked.stored is None else checked.stored


def assert_conforming(stored: bytes, pages: int) -> None:
    """qpdf reads it strictly, without a single warning, with every page."""
    with pikepdf.open(io.BytesIO(stored), attempt_recovery=False) as pdf:
        assert len(pdf.pages) == pages
        for page in pdf.pages:
            pikepdf.parse_content_stream(page)
        assert pdf.get_warnings() == []
        assert pdf.check_pdf_syntax() == []


REPAIRABLE = {
    "xref entry at offset 0 (Word 2013)": corpus.xref_entry_at_offset_zero,
    "6 KB after %%EOF (scanner)": corpus.trailing_bytes,
    "startxref 3 bytes early": lambda: corpus.startxref_off(-3),
    "startxref 5 bytes late": lambda: corpus.startxref_off(5),
    "xref offsets all wrong": corpus.broken_xref_pdf,
    "xref keyword missing": lambda: corpus.good_pdf().replace(b"\nxref\n", b"\nxrfe\n"),
    "no %%EOF": lambda: corpus.good_pdf()[:-7],
    "xref and trailer cut off": lambda: corpus.good_pdf()[:-200],
    "stream /Length lies": lambda: corpus.page_with_content(
        b"<< /Length 99999999999 >>\nstream\nBT ET\nendstream"),
    "huge xref subsection count": lambda: corpus.page_with_content(corpus.stream(b"BT ET"))
    .replace(b"xref\n0 5", b"xref\n0 99999999").replace(b"/Size 5", b"/Size 99999999"),
    "3 pages, xref stream, 6 KB after %%EOF": lambda: corpus.trailing_bytes(
        corpus.good_pdf(object_streams=True, pages=3)),
}


@pytest.mark.parametrize("make", REPAIRABLE.values(), ids=REPAIRABLE.keys())
def test_a_pdf_every_viewer_repairs_is_accepted_and_stored_as_a_conforming_rewrite(make) -> None:  # type: ignore[no-untyped-def]
    data = make()
    stored = accepted_copy(data)
    assert stored != data
    with pikepdf.open(io.BytesIO(data)) as original:
        pages = len(original.pages)
        texts = [page.Contents.read_bytes() for page in original.pages]
    assert_conforming(stored, pages)
    with pikepdf.open(io.BytesIO(stored)) as repaired:  # same pages, same content
        assert [page.Contents.read_bytes() for page in repaired.pages] == texts


def test_the_repair_copies_images_without_decoding_or_recompressing_them() -> None:
    data = corpus.trailing_bytes(corpus.jpeg_image_pdf((120, 160)))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        jpeg = pdf.pages[0].Resources.XObject.Im0.read_raw_bytes()
    with pikepdf.open(io.BytesIO(accepted_copy(data))) as pdf:
        image = pdf.pages[0].Resources.XObject.Im0
        assert image.Filter == pikepdf.Name.DCTDecode
        assert image.read_raw_bytes() == jpeg


def test_the_repair_is_deterministic_so_a_redelivery_stores_the_same_bytes() -> None:
    data = corpus.startxref_off(4)
    first = accepted_copy(data)
    assert accepted_copy(data) == first
    assert accepted_copy(first) == first  # the stored copy, checked again, is kept as it is


def test_a_conforming_pdf_is_stored_byte_for_byte_so_signatures_stay_valid() -> None:
    data = corpus.good_pdf(object_streams=True, pages=2)
    checked = check_file(AttachmentKind.DOCUMENT, data, today=TODAY)
    assert checked.ok and checked.stored is None  # nothing to replace: the upload is stored


def test_a_genuinely_blank_page_among_others_is_accepted() -> None:
    pdf = pikepdf.open(io.BytesIO(corpus.good_pdf(pages=2)))
    pdf.add_blank_page(page_size=(595, 842))  # no /Contents: the back of a scanned sheet
    out = io.BytesIO()
    pdf.save(out)
    assert verdict(out.getvalue()) == VerdictCode.OK


# --- What cannot be used: refused -----------------------------------------------------------


def test_a_page_whose_content_does_not_decode_is_malformed() -> None:
    assert verdict(corpus.undecodable_content_pdf()) == VerdictCode.PDF_MALFORMED


def test_a_page_whose_content_object_is_gone_shows_blank_and_is_malformed() -> None:
    assert verdict(corpus.content_gone_pdf()) == VerdictCode.PDF_MALFORMED


@pytest.mark.parametrize("make", [
    lambda: corpus.jpeg_image_pdf(data=b"These are words, not a JPEG image."),
    lambda: corpus.jpeg_image_pdf(data=corpus.jpeg((120, 160), noise=True)[:3000]),
    lambda: corpus.raw_image_pdf(b"\x78\x9c not deflate at all", flate=False),
    lambda: corpus.raw_image_pdf(bytes(64 * 48 * 3 // 2)),
    lambda: corpus.image_pdf(b"\x78\x9c not deflate", Width=8, Height=8, BitsPerComponent=8,
                             ColorSpace=pikepdf.Name.DeviceGray, Filter=pikepdf.Name.FlateDecode),
    lambda: corpus.image_pdf(b"not a JPEG 2000 codestream", Width=30, Height=20,
                             Filter=pikepdf.Name.JPXDecode),
    lambda: corpus.image_pdf(b"776f726473>", Width=30, Height=20,
                             Filter=[pikepdf.Name.ASCIIHexDecode, pikepdf.Name.DCTDecode]),
    lambda: corpus.image_in_form_pdf(b"words", Width=30, Height=20, Filter=pikepdf.Name.DCTDecode),
], ids=["text as DCT", "truncated JPEG", "text as samples", "half the samples", "bad Flate",
        "text as JPX", "hex-encoded text as DCT", "text as DCT, drawn by a form"])  # fmt: skip
def test_an_image_xobject_that_is_not_a_decodable_image_is_malformed(make) -> None:  # type: ignore[no-untyped-def]
    assert verdict(make()) == VerdictCode.PDF_MALFORMED


@pytest.mark.parametrize("make", [
    lambda: corpus.jpeg_image_pdf((300, 400)),
    lambda: corpus.raw_image_pdf(bytes(range(256)) * 36),
    lambda: corpus.raw_image_pdf(bytes(64 * 48 * 3), flate=False),
    lambda: corpus.image_pdf(jpeg2000((300, 200)), Width=300, Height=200,
                             Filter=pikepdf.Name.JPXDecode),
    lambda: corpus.image_pdf(binascii.hexlify(corpus.jpeg((120, 160))) + b">", Width=120,
                             Height=160, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                             Filter=[pikepdf.Name.ASCIIHexDecode, pikepdf.Name.DCTDecode]),
    lambda: corpus.image_in_form_pdf(corpus.jpeg((120, 160)), Width=120, Height=160,
                                     ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                                     Filter=pikepdf.Name.DCTDecode),
    lambda: corpus.jpeg_image_pdf(data=corpus.jpeg((120, 160)) + b"\0" * 64),
    lambda: corpus.jpeg_image_pdf(data=corpus.jpeg((120, 160)) + b"scanner trailer"),
], ids=["JPEG", "Flate samples", "raw samples", "JPEG 2000", "hex-encoded JPEG",
        "JPEG drawn by a form", "JPEG padded with zeros", "JPEG with bytes after EOI"])  # fmt: skip
def test_pages_with_decodable_images_are_accepted(make) -> None:  # type: ignore[no-untyped-def]
    assert verdict(make()) == VerdictCode.OK


def jpeg2000(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 40, 60)).save(out, "JPEG2000")
    return out.getvalue()


def test_a_pdf_cut_in_half_is_malformed() -> None:
    data = corpus.good_pdf()
    assert verdict(data[: len(data) // 2]) == VerdictCode.PDF_MALFORMED


def test_a_page_count_that_lies_is_malformed_because_pages_are_missing() -> None:
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


def test_a_flate_decompression_bomb_is_refused_quickly_without_inflating_it() -> None:
    data = corpus.flate_bomb_pdf(300)
    started = time.perf_counter()
    assert verdict(data) == VerdictCode.PDF_MALFORMED
    assert time.perf_counter() - started < 2.0


def test_a_corrupt_flate_stream_is_malformed() -> None:
    data = corpus.page_with_content(corpus.stream(b"\x78\x9c garbage", b"/Filter /FlateDecode"))
    assert verdict(data) == VerdictCode.PDF_MALFORMED
