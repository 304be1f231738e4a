"""notify attaches a CESR's PDF from object storage only when its SHA-256 matches."""

import asyncio
import hashlib
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage, Message

import pytest
from residency_contracts.cesr import EmailAttachment, SendCesr
from residency_messaging.deadletter import PoisonMessage
from residency_notify import attachments
from residency_notify.handlers import build_message

PDF = b"%PDF-1.7 signed certificate"


class Fetcher:
    def __init__(self, data: bytes) -> None:
        self.data, self.asked = data, []

    async def get(self, bucket: str, key: str) -> bytes:
        self.asked.append((bucket, key))
        return self.data


def command(sha: str) -> SendCesr:
    return SendCesr(
        to=["office@example.ac.jp", "applicant@example.com"], cesr_number="東オンCESR26000001",
        issued_on=date(2026, 1, 5), valid_until=date(2026, 4, 5), receipt_url="https://x/r",
        reference_number="0000000018", latin_name="SAMPLE,TARO", nationality="VNM",
        date_of_birth=date(2000, 1, 31), status_of_residence_ja="留学",
        status_of_residence_en="Student", issued_by="東京出入国在留管理局",
        attachments=[EmailAttachment(bucket="cesr", key="2026/a.pdf",
                                     filename="CESR-東オンCESR26000001.pdf", sha256=sha)])


def attach(message: Message, cmd: SendCesr, fetcher: Fetcher) -> None:
    attachments.configure(fetcher)
    try:
        asyncio.run(attachments.attach_files(message, cmd))
    finally:
        attachments.configure(None)


def test_the_pdf_is_attached_and_the_certificate_is_in_the_body() -> None:
    cmd = command(hashlib.sha256(PDF).hexdigest())
    message, fetcher = build_message(cmd, "no-reply@example.test"), Fetcher(PDF)
    attach(message, cmd, fetcher)
    assert fetcher.asked == [("cesr", "2026/a.pdf")]
    message = message_from_bytes(message.as_bytes(), policy=policy.default)  # as received
    assert isinstance(message, EmailMessage) and message.get_content_type() == "multipart/mixed"
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    assert part.get_filename() == "CESR-東オンCESR26000001.pdf"
    assert part.get_payload(decode=True) == PDF
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "在留資格認定証明書番号 / CESR number: 東オンCESR26000001" in text
    assert "https://x/r" in text


def test_a_different_file_is_refused_for_good() -> None:
    cmd = command(hashlib.sha256(b"another file").hexdigest())
    with pytest.raises(PoisonMessage):
        attach(build_message(cmd, "no-reply@example.test"), cmd, Fetcher(PDF))
