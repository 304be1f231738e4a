"""Secrets in email commands never reach the outbox, the topic or a dead letter in the clear:
the fields a command declares `SEALED` are encrypted (AES-256-GCM) with the keys intake and
notify share, bound to their message (email type, event id, recipients, field), so a sealed
value moved into another command no longer opens."""

import typing
from uuid import uuid4

import pytest
from pydantic import BaseModel
from residency_contracts import Procedure, SendEmail, SendReferenceNumber, SendReferencePassword
from residency_contracts.commands import (
    SendEmailChangeLink,
    SendPasswordResetLink,
    SendRegistrationLink,
)
from residency_messaging import sealing
from residency_messaging.sealing import CannotOpen, NoSealingKey, Sealer

SECRET = "Kq7-ref-PASS"
LINK = "https://residency.example/reset?token=sample-token"


def sealer(*keys: str) -> Sealer:
    found = Sealer.from_setting(",".join(keys))
    assert found is not None
    return found


@pytest.fixture
def key() -> str:
    return sealing.new_key()


def reset_link(to: str = "owner@example.com") -> SendPasswordResetLink:
    return SendPasswordResetLink(to=[to], link=LINK, expires_at="2026-04-01T00:00:00Z")


def email_models() -> list[type[BaseModel]]:
    union = typing.get_args(SendEmail)[0]
    return list(typing.get_args(union))


def test_every_email_carrying_a_password_or_link_seals_it() -> None:
    carrying = set()
    for model in email_models():
        secret = {f for f in model.model_fields if "password" in f or "link" in f}
        assert secret <= set(getattr(model, "SEALED", ())), model.__name__
        carrying |= {model} if secret else set()
    # Not vacuous: the emails that carry a password or a link are among those checked.
    assert {SendReferencePassword, SendPasswordResetLink, SendRegistrationLink,
            SendEmailChangeLink} <= carrying


def test_a_sealed_password_is_ciphertext_and_opens_again(key: str) -> None:
    command = SendReferencePassword(to=["filer@example.ac.jp"], application_id=uuid4(),
                                    reference_password=SECRET)
    sealed = sealer(key).seal(command)
    assert SECRET not in sealed.model_dump_json()
    assert sealed.event_id == command.event_id and sealed.to == command.to
    wire = SendReferencePassword.model_validate_json(sealed.model_dump_json())
    assert sealer(key).open(wire).reference_password == SECRET


def test_the_same_secret_seals_differently_each_time(key: str) -> None:
    command = reset_link()
    assert sealer(key).seal(command).link != sealer(key).seal(command).link


def test_sealing_without_a_key_refuses_rather_than_write_the_secret_in_the_clear() -> None:
    with pytest.raises(NoSealingKey, match="MAIL_SEALING_KEY"):
        sealing.seal_for_writing(None, reset_link())
    plain = SendReferenceNumber(to=["a@example.com"], reference_number="0000000018",
                                procedure=Procedure.EXT)
    assert sealing.seal_for_writing(None, plain) is plain  # nothing secret: no key needed


def test_a_sealed_link_moved_to_another_recipient_is_refused(key: str) -> None:
    sealed = sealer(key).seal(reset_link("owner@example.com"))
    moved = SendPasswordResetLink(to=["attacker@example.net"], link=sealed.link,
                                  expires_at=sealed.expires_at)
    with pytest.raises(CannotOpen) as refused:
        sealer(key).open(moved)
    assert refused.value.code == "SEALED_VALUE_REFUSED"
    assert LINK not in str(refused.value) and sealed.link not in str(refused.value)


def test_a_sealed_link_is_refused_when_recipients_are_added(key: str) -> None:
    sealed = sealer(key).seal(reset_link("owner@example.com"))
    widened = sealed.model_copy(update={"to": ["owner@example.com", "attacker@example.net"]})
    with pytest.raises(CannotOpen, match="SEALED_VALUE_REFUSED"):
        sealer(key).open(widened)


def test_the_recipients_bind_regardless_of_case_and_order(key: str) -> None:
    sealed = sealer(key).seal(SendPasswordResetLink(
        to=["b@example.com", "A@Example.com"], link=LINK, expires_at="2026-04-01T00:00:00Z"))
    same = sealed.model_copy(update={"to": ["a@example.com", "B@example.com"]})
    assert sealer(key).open(same).link == LINK


def test_a_sealed_link_moved_to_another_event_or_email_type_is_refused(key: str) -> None:
    sealed = sealer(key).seal(reset_link())
    replayed = SendPasswordResetLink(to=sealed.to, link=sealed.link, expires_at=sealed.expires_at)
    assert replayed.event_id != sealed.event_id
    with pytest.raises(CannotOpen, match="SEALED_VALUE_REFUSED"):
        sealer(key).open(replayed)
    as_registration = SendRegistrationLink(event_id=sealed.event_id, to=sealed.to,
                                           link=sealed.link, expires_at=sealed.expires_at)
    with pytest.raises(CannotOpen, match="SEALED_VALUE_REFUSED"):
        sealer(key).open(as_registration)


def test_a_sealed_password_moved_into_a_link_field_is_refused(key: str) -> None:
    """Same event, same recipient, another field: the field name is bound too."""
    password = sealer(key).seal(SendReferencePassword(to=["a@example.com"],
                                                      reference_password=SECRET))
    forged = SendPasswordResetLink(event_id=password.event_id, to=password.to,
                                   link=password.reference_password,
                                   expires_at="2026-04-01T00:00:00Z")
    with pytest.raises(CannotOpen, match="SEALED_VALUE_REFUSED"):
        sealer(key).open(forged)


def test_an_altered_or_unsealed_value_is_refused(key: str) -> None:
    sealed = sealer(key).seal(reset_link())
    flipped = sealed.link[:-2] + ("A" if sealed.link[-2] != "A" else "B") + sealed.link[-1]
    with pytest.raises(CannotOpen, match="SEALED_VALUE_REFUSED"):
        sealer(key).open(sealed.model_copy(update={"link": flipped}))
    with pytest.raises(CannotOpen, match="SEALED_VALUE_MALFORMED"):
        sealer(key).open(reset_link())  # a plain link where a sealed one belongs


def test_a_field_sealed_with_another_key_cannot_be_opened(key: str) -> None:
    sealed = sealer(key).seal(SendReferencePassword(to=["a@example.com"],
                                                    reference_password=SECRET))
    with pytest.raises(CannotOpen, match="SEALED_KEY_UNKNOWN"):
        sealer(sealing.new_key()).open(sealed)
    with pytest.raises(CannotOpen, match="SEALED_KEY_UNKNOWN"):
        sealing.open_sealed(None, sealed)  # a service without keys


def test_after_a_key_rotation_commands_sealed_with_the_old_key_still_open(key: str) -> None:
    in_flight = sealer(key).seal(SendReferencePassword(to=["a@example.com"],
                                                       reference_password=SECRET))
    new = sealing.new_key()
    rotated = sealer(new, key)  # newest first: it seals, both open
    assert rotated.open(in_flight).reference_password == SECRET
    fresh = rotated.seal(SendReferencePassword(to=["a@example.com"], reference_password=SECRET))
    assert sealer(new).open(fresh).reference_password == SECRET  # sealed with the new key
    with pytest.raises(CannotOpen, match="SEALED_KEY_UNKNOWN"):
        sealer(new).open(in_flight)  # the old key dropped


def test_keys_are_32_random_bytes_and_a_bad_key_refuses_to_start() -> None:
    assert sealer(sealing.new_key(), sealing.new_key())
    assert Sealer.from_setting("") is None and Sealer.from_setting(" , ") is None
    with pytest.raises(ValueError, match="32 bytes"):
        Sealer.from_setting("c2hvcnQ=")
