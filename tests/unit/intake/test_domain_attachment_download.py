"""Which attachment can be opened, and the name its download gets
(residency_intake.domain.attachment_download)."""

from urllib.parse import unquote
from uuid import UUID

from residency_contracts import AttachmentKind, VerdictCode
from residency_intake.domain.attachment_download import content_disposition, download_problem

FILE = UUID("1a2b3c4d-0000-4000-8000-000000000001")


def test_an_accepted_file_in_the_accepted_bucket_can_be_opened() -> None:
    assert download_problem(VerdictCode.OK, "accepted", "accepted") is None


def test_a_file_still_being_checked_cannot_be_opened_yet() -> None:
    problem = download_problem(None, "quarantine", "accepted")
    assert problem is not None and problem.code == "ATTACHMENT_BEING_CHECKED"
    assert problem.field == "attachment_id" and problem.ja and problem.en


def test_a_refused_file_cannot_be_opened() -> None:
    problem = download_problem(VerdictCode.PDF_ENCRYPTED, "quarantine", "accepted")
    assert problem is not None and problem.code == "ATTACHMENT_REFUSED"


def test_a_file_named_ok_outside_the_accepted_bucket_is_not_served() -> None:
    problem = download_problem(VerdictCode.OK, "quarantine", "accepted")
    assert problem is not None and problem.code == "ATTACHMENT_REFUSED"


def test_the_download_is_named_after_the_reference_number_in_ascii_and_japanese() -> None:
    header = content_disposition(AttachmentKind.DOCUMENT, FILE, "0000000018")
    assert header.startswith("attachment; ")
    assert 'filename="0000000018_document_1a2b3c4d.pdf"' in header
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and " " not in encoded
    assert unquote(encoded) == "0000000018_書類_1a2b3c4d.pdf"


def test_a_photo_downloads_as_a_jpeg() -> None:
    header = content_disposition(AttachmentKind.PHOTO, FILE, "0000000018")
    assert 'filename="0000000018_photo_1a2b3c4d.jpg"' in header
    assert unquote(header.split("''", 1)[1]) == "0000000018_顔写真_1a2b3c4d.jpg"


def test_nothing_but_letters_and_digits_of_the_number_reach_the_header() -> None:
    header = content_disposition(AttachmentKind.DOCUMENT, FILE, '東"; x=\r\n1')
    assert '"' not in header.split('filename="', 1)[1].split('"', 1)[0]
    assert "\r" not in header and "\n" not in header and "東" not in header.split(";")[1]
    assert 'filename="x1_document_1a2b3c4d.pdf"' in header
    assert 'filename="application_document_' in content_disposition(
        AttachmentKind.DOCUMENT, FILE, None)
