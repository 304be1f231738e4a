"""notify attaches a CESR's PDF from object storage only when its email type may attach it
(the CESR bucket, its own application's `<year>/<application id>.pdf`) and its SHA-256
matches; anything else is refused for good without reading the store."""

import asyncio
import hashlib
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from uuid import UUID, uuid4

import pytest
from residency_contracts import Procedure, SendReferenceNumber
from residency_contracts.cesr import EmailAttachment, SendCesr
from residency_messaging.deadletter import PoisonMessage
from residency_notify import attachment_rules
from residency_notify.attachments import Attachments
from residency_notify.handlers import build_message

PDF = b"%PDF-1.7 signed certificate"
APP = uuid4()


class Store:
    """Object storage holding one file under every name (a fake for the rules)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.asked = data, []

    async def read(self, bucket: str, key: str, max_bytes: int | None = None) -> bytes:
        self.asked.append((bucket, key))
        if max_bytes is not None and len(self.data) > max_bytes:
            raise ValueError("too large")
        return self.data


def command(sha: str, *, bucket: str = "cesr", key: str = f"2026/{APP}.pdf",
            application_id: UUID | None = APP, content_type: str = "application/pdf") -> SendCesr:
    return SendCesr(
        to=["office@example.ac.jp", "applicant@example.com"], cesr_number="東オンCESR26000001",
        application_id=application_id,
        issued_on=date(2026, 1, 5), valid_until=date(2026, 4, 5), receipt_url="https://x/r",
        reference_number="0000000018", latin_name="SAMPLE,TARO", nationality="VNM",
        date_of_birth=date(2000, 1, 31), status_of_residence_ja="留学",
        status_of_residence_en="Student", issued_by="東京出入国在留管理局",
        attachments=[EmailAttachment(bucket=bucket, key=key, content_type=content_type,
                                     filename="CESR-東オンCESR26000001.pdf", sha256=sha)])


def attach(message: Message, cmd: object, store: Store, max_bytes: int = 1 << 20) -> None:
    allowed = Attachments(store, attachment_rules.rules("cesr"), max_bytes)  # type: ignore[arg-type]
    asyncio.run(allowed.attach(message, cmd))


SHA = hashlib.sha256(PDF).hexdigest()


def test_the_pdf_is_attached_and_the_certificate_is_in_the_body() -> None:
    cmd = command(SHA)
    message, store = build_message(cmd, "no-reply@example.test"), Store(PDF)
    attach(message, cmd, store)
    assert store.asked == [("cesr", f"2026/{APP}.pdf")]
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
    with pytest.raises(PoisonMessage, match="ATTACHMENT_DIGEST_MISMATCH"):
        attach(build_message(cmd, "no-reply@example.test"), cmd, Store(PDF))


def test_a_file_over_the_limit_is_refused_for_good() -> None:
    cmd = command(SHA)
    with pytest.raises(PoisonMessage, match="ATTACHMENT_TOO_LARGE"):
        attach(build_message(cmd, "no-reply@example.test"), cmd, Store(PDF), max_bytes=10)


@pytest.mark.parametrize(("changes", "why"), [
    ({"bucket": "accepted", "key": f"{APP}/passport.pdf"}, "bucket"),  # a passport
    ({"bucket": "quarantine"}, "bucket"),
    ({"key": f"2026/{APP}.pdf/../../accepted/x.pdf"}, "key"),
    ({"key": f"2026/{uuid4()}.pdf"}, "another application"),  # another application's CESR
    ({"application_id": None}, "another application"),
    ({"content_type": "text/html"}, "content type"),
])
def test_a_cesr_email_naming_any_other_object_is_refused_without_reading_it(
        changes: dict[str, object], why: str) -> None:
    cmd = command(SHA, **changes)  # type: ignore[arg-type]
    store = Store(PDF)
    with pytest.raises(PoisonMessage, match="ATTACHMENT_NOT_ALLOWED") as refused:
        attach(build_message(cmd, "no-reply@example.test"), cmd, store)
    assert why in str(refused.value) and store.asked == []
    assert "passport" not in str(refused.value)  # the code and the position, no object name


def test_an_email_type_without_a_rule_attaches_nothing() -> None:
    plain = SendReferenceNumber(to=["a@example.com"], reference_number="0000000018",
                                procedure=Procedure.EXT)
    assert attachment_rules.refusal(plain, attachment_rules.rules("cesr")) is None
    forged = type("Forged", (), {"template": "reference_number", "application_id": APP,
                                 "attachments": command(SHA).attachments})()
    reason = attachment_rules.refusal(forged, attachment_rules.rules("cesr"))
    assert reason is not None and reason.startswith("ATTACHMENT_NOT_ALLOWED: reference_number")


def test_the_cesr_rule_follows_the_configured_bucket() -> None:
    cmd = command(SHA, bucket="shared-cesr")
    assert attachment_rules.refusal(cmd, attachment_rules.rules("shared-cesr")) is None
    assert attachment_rules.refusal(cmd, attachment_rules.rules("cesr")) is not None
