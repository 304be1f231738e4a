"""Secrets in email commands never reach the outbox, the topic or a dead letter in the clear:
the fields a command declares `SEALED` are encrypted with the key intake and notify share."""

import typing
from collections.abc import Iterator
from uuid import uuid4

import pytest
from pydantic import BaseModel
from residency_contracts import Procedure, SendEmail, SendReferenceNumber, SendReferencePassword
from residency_contracts.commands import SendPasswordResetLink
from residency_messaging import sealing

SECRET = "Kq7-ref-PASS"


@pytest.fixture
def key() -> Iterator[str]:
    k = sealing.new_key()
    sealing.configure(k)
    yield k
    sealing.configure(None)


def email_models() -> list[type[BaseModel]]:
    union = typing.get_args(SendEmail)[0]
    return list(typing.get_args(union))


def test_every_email_carrying_a_password_or_link_seals_it() -> None:
    carrying = set()
    for model in email_models():
        secret = {f for f in model.model_fields if "password" in f or "link" in f}
        assert secret <= set(getattr(model, "SEALED", ())), model.__name__
        carrying |= {model} if secret else set()
    # Not vacuous: the emails that carry a password are among those checked.
    assert SendReferencePassword in carrying


def test_a_sealed_password_is_ciphertext_and_opens_again(key) -> None:  # type: ignore[no-untyped-def]
    command = SendReferencePassword(to=["filer@example.ac.jp"], application_id=uuid4(),
                                    reference_password=SECRET)
    sealed = sealing.seal(command)
    assert SECRET not in sealed.model_dump_json()
    assert sealed.event_id == command.event_id and sealed.to == command.to
    wire = SendReferencePassword.model_validate_json(sealed.model_dump_json())
    assert sealing.open_sealed(wire).reference_password == SECRET


def test_sealing_without_a_key_refuses_rather_than_write_the_secret_in_the_clear() -> None:
    sealing.configure(None)
    link = SendPasswordResetLink(to=["a@example.com"], link="https://x.test/r?token=t",
                                 expires_at="2026-04-01T00:00:00Z")
    with pytest.raises(RuntimeError, match="MAIL_SEALING_KEY"):
        sealing.seal(link)
    plain = SendReferenceNumber(to=["a@example.com"], reference_number="0000000018",
                                procedure=Procedure.EXT)
    assert sealing.seal(plain) is plain  # nothing secret: unchanged, no key needed


def test_a_field_sealed_with_another_key_cannot_be_opened(key) -> None:  # type: ignore[no-untyped-def]
    sealed = sealing.seal(SendReferencePassword(to=["a@example.com"], reference_password=SECRET))
    sealing.configure(sealing.new_key())
    with pytest.raises(sealing.CannotOpen):
        sealing.open_sealed(sealed)


def test_after_a_key_rotation_commands_sealed_with_the_old_key_still_open(key) -> None:  # type: ignore[no-untyped-def]
    in_flight = sealing.seal(SendReferencePassword(to=["a@example.com"],
                                                   reference_password=SECRET))
    new = sealing.new_key()
    sealing.configure(f"{new}, {key}")  # newest first: it seals, both open
    assert sealing.open_sealed(in_flight).reference_password == SECRET
    fresh = sealing.seal(SendReferencePassword(to=["a@example.com"], reference_password=SECRET))
    sealing.configure(new)  # the old key dropped: what the new one sealed still opens
    assert sealing.open_sealed(fresh).reference_password == SECRET
    with pytest.raises(sealing.CannotOpen):
        sealing.open_sealed(in_flight)
