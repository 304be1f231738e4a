"""Kafka security settings: what is inconsistent is refused at start-up, naming the variable."""

from pathlib import Path

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict
from residency_messaging.settings import KafkaSettings

from tests.pki import make_pki


class DemoKafkaSettings(KafkaSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> DemoKafkaSettings:
    for key, value in env.items():
        monkeypatch.setenv(f"DEMO_{key.upper()}", value)
    return DemoKafkaSettings()


def test_defaults_are_the_embedded_stack_plaintext_with_topic_creation(
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(monkeypatch)
    assert (settings.kafka_security_protocol, settings.kafka_create_topics) == ("PLAINTEXT", True)


def test_the_strimzi_settings_are_read_from_the_prefixed_environment(
        monkeypatch: pytest.MonkeyPatch, pki: dict[str, Path]) -> None:
    settings = _settings(monkeypatch, kafka_security_protocol="SASL_SSL",
                         kafka_sasl_username="documents", kafka_sasl_password="pw",
                         kafka_ca_file=str(pki["ca"]), kafka_create_topics="false")
    assert settings.kafka_sasl_mechanism == "SCRAM-SHA-512"
    assert settings.kafka_ca_file == str(pki["ca"])
    assert settings.kafka_create_topics is False


@pytest.mark.parametrize("missing", ["kafka_sasl_username", "kafka_sasl_password"])
def test_sasl_without_user_or_password_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                  missing: str) -> None:
    env = {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_username": "documents",
           "kafka_sasl_password": "pw"}
    env[missing] = ""
    with pytest.raises(ValidationError, match=r"DEMO_KAFKA_SASL_USERNAME and "
                                              r"DEMO_KAFKA_SASL_PASSWORD are required"):
        _settings(monkeypatch, **env)


def test_a_ca_file_that_does_not_exist_is_refused_naming_the_variable(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ValidationError,
                       match=rf"DEMO_KAFKA_CA_FILE={tmp_path}/ca.crt: no such file"):
        _settings(monkeypatch, kafka_security_protocol="SSL",
                  kafka_ca_file=str(tmp_path / "ca.crt"))


def test_a_ca_file_that_is_not_a_pem_certificate_is_refused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bogus = tmp_path / "ca.crt"
    bogus.write_text("not a certificate\n")
    with pytest.raises(ValidationError, match="not a PEM CA certificate"):
        _settings(monkeypatch, kafka_security_protocol="SSL", kafka_ca_file=str(bogus))


def test_a_ca_file_without_tls_is_refused_rather_than_silently_unused(
        monkeypatch: pytest.MonkeyPatch, pki: dict[str, Path]) -> None:
    with pytest.raises(ValidationError, match="DEMO_KAFKA_CA_FILE is set but "
                                              "DEMO_KAFKA_SECURITY_PROTOCOL=PLAINTEXT"):
        _settings(monkeypatch, kafka_ca_file=str(pki["ca"]))


def test_sasl_credentials_without_sasl_are_refused_rather_than_silently_unused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="does not log in with SASL"):
        _settings(monkeypatch, kafka_security_protocol="SSL", kafka_sasl_username="documents",
                  kafka_sasl_password="pw")


def test_a_blank_ca_file_variable_means_the_system_cas(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _settings(monkeypatch, kafka_security_protocol="SSL",
                     kafka_ca_file="").kafka_ca_file is None
