"""The CESR PDF is signed (PAdES) so anyone with the system's certificate can tell it is
genuine and unaltered: examination signs, intake's checker verifies."""

import asyncio
from datetime import date

import pytest
from residency_devstack.signing import _generate
from residency_examination import cesr_pdf
from residency_examination.cesr_text import Certificate
from residency_intake import cesr_signature

CERT = Certificate("東オンCESR26000001", "東", date(2026, 1, 5), date(2026, 4, 5), "0000000018",
                   "SAMPLE,TARO", "VNM", date(2000, 1, 31), "M", "student", "2 years",
                   "Sample University")


@pytest.fixture(scope="module")
def keys() -> tuple[tuple[str, str], tuple[str, str]]:
    return _generate(), _generate()


@pytest.fixture(scope="module")
def signed(keys) -> bytes:  # type: ignore[no-untyped-def]
    (key, cert), _ = keys
    return asyncio.run(cesr_pdf.sign(cesr_pdf.render(CERT), key, cert))


def check(pdf: bytes, cert: str) -> cesr_signature.SignatureCheck:
    return asyncio.run(cesr_signature.check(pdf, cert))


def test_a_signed_pdf_verifies_and_names_its_number(signed, keys) -> None:  # type: ignore[no-untyped-def]
    result = check(signed, keys[0][1])
    assert result.problems == ()
    assert result.number == "東オンCESR26000001"


def test_one_changed_byte_fails(signed, keys) -> None:  # type: ignore[no-untyped-def]
    for position in (len(signed) // 3, 200, signed.index(b"SAMPLE") + 1 if b"SAMPLE" in signed
                     else len(signed) // 2):
        changed = bytearray(signed)
        changed[position] ^= 0x01
        assert check(bytes(changed), keys[0][1]).problems, position


def test_a_pdf_signed_with_another_key_fails(keys) -> None:  # type: ignore[no-untyped-def]
    (_, cert), (other_key, other_cert) = keys
    forged = asyncio.run(cesr_pdf.sign(cesr_pdf.render(CERT), other_key, other_cert))
    assert check(forged, other_cert).problems == ()  # a valid signature…
    assert check(forged, cert).problems == ("SIGNER_UNTRUSTED",)  # …but not the system's


def test_content_added_after_signing_fails(signed, keys) -> None:  # type: ignore[no-untyped-def]
    assert "MODIFIED_AFTER_SIGNING" in check(signed + b"\n% appended\n", keys[0][1]).problems


def test_an_unsigned_or_broken_file_fails(keys) -> None:  # type: ignore[no-untyped-def]
    assert check(cesr_pdf.render(CERT), keys[0][1]).problems == ("SIGNATURE_MISSING",)
    assert check(b"not a pdf", keys[0][1]).problems == ("PDF_UNREADABLE",)
