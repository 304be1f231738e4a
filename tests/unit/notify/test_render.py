from uuid import uuid4

from residency_contracts import (
    Procedure,
    SendProvisionalReceiptNumber,
    SendReferenceNumber,
    SendReferencePassword,
)
from residency_notify.handlers import build_message, recipient_hash
from residency_notify.render import render


def test_reference_number_email_is_bilingual_and_names_the_procedure() -> None:
    r = render(SendReferenceNumber(to=["o@example.com"], reference_number="0000000018",
                                   procedure=Procedure.EXT))
    assert "整理番号" in r.subject and "reference number" in r.subject
    assert "0000000018" in r.text and "在留期間更新許可申請" in r.text
    assert "Extension of period of stay" in r.text and "0000000018" in r.html


def test_html_escapes_values() -> None:
    r = render(SendReferencePassword(to=["o@example.com"], reference_password="<b>x</b>"))
    assert "<b>x</b>" not in r.html and "&lt;b&gt;" in r.html


def test_provisional_number_email_says_the_receipt_number_follows_next_day() -> None:
    r = render(SendProvisionalReceiptNumber(
        to=["o@example.com"], reference_number="0000000018",
        provisional_receipt_number="仮東オンEP26000001", procedure=Procedure.EXT))
    assert "仮東オンEP26000001" in r.text and "翌日" in r.text and "day after" in r.text


def test_message_id_is_derived_from_the_event_so_a_resend_is_recognisable() -> None:
    cmd = SendReferencePassword(event_id=uuid4(), to=["o@example.com"], reference_password="x")
    assert build_message(cmd, "no-reply@x")["Message-ID"] == build_message(
        cmd, "no-reply@x")["Message-ID"] == f"<{cmd.event_id}@residency-online>"


def test_recipients_are_stored_hashed() -> None:
    h = recipient_hash("O@Example.com ", "k")
    assert h == recipient_hash("o@example.com", "k") and "example" not in h


def test_the_built_message_reads_back_as_a_bilingual_alternative_with_its_headers() -> None:
    from email import message_from_bytes, policy
    from email.message import EmailMessage

    cmd = SendProvisionalReceiptNumber(
        event_id=uuid4(), to=["o@example.com", "a@example.com"], reference_number="0000000018",
        provisional_receipt_number="仮東オンEP26000001", procedure=Procedure.EXT)
    wire = build_message(cmd, "在留申請オンライン <no-reply@example.invalid>").as_bytes()
    assert wire.isascii()  # every header and body encoded for any SMTP server
    got = message_from_bytes(wire, policy=policy.default)
    assert isinstance(got, EmailMessage)
    assert got["Subject"] == render(cmd).subject
    assert got["From"].addresses[0].display_name == "在留申請オンライン"
    assert [a.addr_spec for a in got["To"].addresses] == ["o@example.com", "a@example.com"]
    assert got["Message-ID"] == f"<{cmd.event_id}@residency-online>"
    assert got.get_content_type() == "multipart/alternative"
    text = got.get_body(preferencelist=("plain",))
    html = got.get_body(preferencelist=("html",))
    assert text is not None and "仮東オンEP26000001" in text.get_content()
    assert html is not None and "仮東オンEP26000001" in html.get_content()
