"""What every service's bootstrap wires the same way (residency_messaging.bootstrap): settings
from the environment unless given, a missing secret or an empty sealing key refused at start-up
naming its variable, and each consumer service assembled with its settings, runtime and health
app (nothing connects)."""

import os
from datetime import UTC

import pytest
from pydantic import SecretStr, ValidationError
from residency_contracts import SendReferencePassword
from residency_documents.bootstrap import bootstrap as documents
from residency_examination.bootstrap import bootstrap as examination
from residency_intake.bootstrap import bootstrap as intake
from residency_intake.settings import IntakeSettings
from residency_messaging.bootstrap import (
    ConsumerService,
    required_sealer,
    settings_or_environment,
    system_clock,
)
from residency_messaging.sealing import new_key
from residency_notify.bootstrap import bootstrap as notify

COMMON = {"DATABASE_URL": "postgresql://unused", "S3_ACCESS_KEY": "a", "S3_SECRET_KEY": "s",
          "HASH_SECRET": "h"}


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test sets: no variable of a service from the machine running the tests."""
    prefixes = ("INTAKE_", "DOCUMENTS_", "EXAMINATION_", "NOTIFY_")
    for name in [n for n in os.environ if n.startswith(prefixes)]:
        monkeypatch.delenv(name)


def _set(monkeypatch: pytest.MonkeyPatch, service: str, **values: str) -> None:
    for key, value in {**COMMON, "MAIL_SEALING_KEY": new_key(), **values}.items():
        monkeypatch.setenv(f"{service.upper()}_{key}", value)


def test_settings_given_are_used_as_they_are() -> None:
    given = IntakeSettings(database_url="postgresql://given", hash_secret="h",  # type: ignore[arg-type]
                           s3_access_key="a", s3_secret_key="s", mail_sealing_key=new_key())
    assert settings_or_environment(IntakeSettings, given) is given


def test_settings_not_given_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, "intake", DATABASE_URL="postgresql://from-env")
    found = settings_or_environment(IntakeSettings, None)
    assert found.database_url.get_secret_value() == "postgresql://from-env"


def test_a_missing_secret_fails_at_start_up_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, "intake")
    monkeypatch.delenv("INTAKE_HASH_SECRET")
    with pytest.raises(ValidationError, match="hash_secret"):
        intake()


def test_an_empty_sealing_key_is_refused_naming_its_variable() -> None:
    with pytest.raises(ValueError, match="NOTIFY_MAIL_SEALING_KEY is empty"):
        required_sealer(SecretStr(" , "), "NOTIFY_MAIL_SEALING_KEY")


@pytest.mark.parametrize("service", ["intake", "notify"])
def test_a_service_that_seals_will_not_start_with_an_empty_key(
        monkeypatch: pytest.MonkeyPatch, service: str) -> None:
    _set(monkeypatch, service, MAIL_SEALING_KEY="")
    with pytest.raises(ValueError, match=f"{service.upper()}_MAIL_SEALING_KEY is empty"):
        {"intake": intake, "notify": notify}[service]()


def test_the_required_keys_seal_and_open_a_message() -> None:
    sealer = required_sealer(SecretStr(new_key()), "X_MAIL_SEALING_KEY")
    email = SendReferencePassword(to=["filer@example.invalid"], reference_password="not-real")
    sealed = sealer.seal(email)
    assert sealed.reference_password != "not-real" and sealer.open(sealed) == email


@pytest.mark.parametrize("service", ["documents", "examination", "notify"])
def test_each_consumer_service_is_assembled_from_its_environment_without_connecting(
        monkeypatch: pytest.MonkeyPatch, service: str) -> None:
    _set(monkeypatch, service, HTTP_PORT="8123")
    assembled = {"documents": documents, "examination": examination, "notify": notify}[service]()
    assert isinstance(assembled, ConsumerService)
    assert assembled.settings.http_port == 8123
    assert assembled.runtime.service == service and assembled.runtime.settings is assembled.settings
    assert not hasattr(assembled.runtime, "pool"), "bootstrap connected to the database"
    routes = {getattr(r, "path", None) for r in assembled.app.routes}
    assert {"/healthz", "/readyz"} <= routes


def test_the_system_clock_answers_now_in_utc() -> None:
    assert system_clock().tzinfo is UTC
