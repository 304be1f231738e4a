"""Every Kafka client a service makes gets the same TLS and SASL options from its settings:
our producer and admin client, and FastStream's consumers, producer and admin client."""

import ssl
from pathlib import Path
from typing import Any

import pytest
from aiokafka.client import AIOKafkaClient
from cryptography.fernet import Fernet
from faststream.kafka import KafkaBroker
from residency_documents.settings import DocumentsSettings
from residency_examination.settings import ExaminationSettings
from residency_intake.settings import IntakeSettings
from residency_messaging.kafka import admin_client, broker_security, client_options, make_producer
from residency_messaging.settings import KafkaSettings, ServiceSettings
from residency_notify.settings import NotifySettings

from tests.pki import make_pki

SERVICES: dict[str, type[ServiceSettings]] = {
    "intake": IntakeSettings, "documents": DocumentsSettings,
    "examination": ExaminationSettings, "notify": NotifySettings}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _service_settings(service: str, monkeypatch: pytest.MonkeyPatch, ca: Path,
                      ) -> ServiceSettings:
    """A service's settings from its environment as a Deployment on Strimzi sets it."""
    p = service.upper() + "_"
    env = {"KAFKA_BOOTSTRAP": "residency-kafka-bootstrap:9093",
           "KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_USERNAME": service,
           "KAFKA_SASL_PASSWORD": f"{service}-test-password", "KAFKA_CA_FILE": str(ca),
           "KAFKA_CREATE_TOPICS": "false", "DATABASE_URL": "postgresql://db/x",
           "S3_ACCESS_KEY": "test", "S3_SECRET_KEY": "test", "HASH_SECRET": "test",
           "MAIL_SEALING_KEY": Fernet.generate_key().decode()}
    for key, value in env.items():
        monkeypatch.setenv(p + key, value)
    return SERVICES[service]()


def _trusts(context: ssl.SSLContext, ca: Path) -> bool:
    """The context verifies servers against exactly our CA."""
    subjects = [dict(pair[0] for pair in cert["subject"]) for cert in context.get_ca_certs()]
    return (context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
            and subjects == [{"commonName": "test ca"}])


def _secured(client: AIOKafkaClient, user: str, ca: Path) -> bool:
    return (client._security_protocol == "SASL_SSL"  # noqa: SLF001 - what aiokafka will use
            and client._sasl_mechanism == "SCRAM-SHA-512"  # noqa: SLF001
            and client._sasl_plain_username == user  # noqa: SLF001
            and client._sasl_plain_password == f"{user}-test-password"  # noqa: SLF001
            and _trusts(client._ssl_context, ca))  # noqa: SLF001


@pytest.mark.parametrize("service", SERVICES)
async def test_our_producer_and_admin_client_log_in_as_the_service_over_tls(
        service: str, monkeypatch: pytest.MonkeyPatch, pki: dict[str, Path]) -> None:
    settings = _service_settings(service, monkeypatch, pki["ca"])

    producer, admin = make_producer(settings), admin_client(settings)

    assert _secured(producer.client, service, pki["ca"])
    assert _secured(admin._client, service, pki["ca"])  # noqa: SLF001


@pytest.mark.parametrize("service", SERVICES)
async def test_faststream_consumers_producer_and_admin_log_in_as_the_service_over_tls(
        service: str, monkeypatch: pytest.MonkeyPatch, pki: dict[str, Path]) -> None:
    settings = _service_settings(service, monkeypatch, pki["ca"])

    broker = KafkaBroker(settings.kafka_bootstrap, security=broker_security(settings))
    consumer = broker.config.broker_config.builder()  # what each subscriber is built with
    shared: dict[str, Any] = broker._connection_kwargs  # noqa: SLF001 - its producer and admin

    secured = _secured(consumer._client, service, pki["ca"])  # noqa: SLF001
    await consumer.stop()

    assert secured
    assert shared["bootstrap_servers"] == ["residency-kafka-bootstrap:9093"]
    assert {k: shared[k] for k in ("security_protocol", "sasl_mechanism",
                                   "sasl_plain_username", "sasl_plain_password")} == {
        "security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": service, "sasl_plain_password": f"{service}-test-password"}
    assert _trusts(shared["ssl_context"], pki["ca"])


@pytest.mark.parametrize(("protocol", "expected"), [
    ("PLAINTEXT", None), ("SSL", "SSL"), ("SASL_PLAINTEXT", "SASL_PLAINTEXT"),
    ("SASL_SSL", "SASL_SSL")])
def test_faststream_gets_the_same_security_protocol_as_our_clients(
        protocol: str, expected: str | None, pki: dict[str, Path]) -> None:
    sasl = {"kafka_sasl_username": "u", "kafka_sasl_password": "p"} if "SASL" in protocol else {}
    ca = {"kafka_ca_file": str(pki["ca"])} if protocol.endswith("SSL") else {}
    settings = KafkaSettings(kafka_security_protocol=protocol, **sasl, **ca)  # type: ignore[arg-type]

    broker = KafkaBroker(settings.kafka_bootstrap, security=broker_security(settings))

    assert broker._connection_kwargs.get("security_protocol") == expected  # noqa: SLF001
    assert client_options(settings)["security_protocol"] == protocol
    assert broker.config.broker_config.builder.keywords.get(  # type: ignore[attr-defined]
        "security_protocol", "PLAINTEXT") == protocol
