"""The services' Kafka clients with TLS and SASL, against a Tansu broker of the test's own.

What Tansu 0.6.0 allows decides the shape (see `residency_devstack.broker`):
- it cannot serve TLS itself, so TLS is terminated by a small stdlib proxy in front of it (a
  throwaway CA and server certificate made here), and Tansu advertises the proxy's address:
  every Kafka request of admin, producer and consumer crosses the TLS connection;
- `--authentication` makes it demand a SCRAM login, but it keeps no SCRAM users, so only
  the refusal can be shown against it; the accepted login is shown by `ScramGate` (a proxy
  that checks the SCRAM-SHA-512 exchange the way a Kafka broker does, then forwards to Tansu),
  and tests/unit/messaging shows that the same settings reach every aiokafka client.
"""

import asyncio
import ssl
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from faststream.kafka import KafkaBroker, KafkaRouter
from residency_contracts import Topic
from residency_devstack.broker import tansu_process
from residency_devstack.ports import free_port, port_is_open
from residency_messaging import commits
from residency_messaging.kafka import (
    KafkaLoginError,
    admin_client,
    broker_security,
    ensure_topics,
    make_producer,
    subscriber,
)
from residency_messaging.settings import KafkaSettings

from tests.integration.kafka_proxies import ScramGate, TlsTerminator
from tests.pki import make_pki

USER, PASSWORD = "svc-documents", "test-only-password"  # test-only, never a real secret


@pytest.fixture(scope="module")
def sealing_key() -> str:
    """Overrides the package's autouse fixture: these tests need no embedded stack."""
    return ""


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _tansu(tmp: Path, *, advertised_port: int | None = None,
           authentication: bool = False) -> tuple[object, int]:
    port = free_port()
    proc = tansu_process("tansu (security test)", port, tmp / "tansu.log",
                         advertised_port=advertised_port, authentication=authentication)
    proc.start()
    proc.wait_until(lambda: port_is_open(port), 30, "listening")
    return proc, port


@pytest.fixture(scope="module")
def tls_bootstrap(pki: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[str]:
    """Tansu behind TLS: bootstrap address of the TLS listener."""
    tls_port = free_port()
    proc, port = _tansu(tmp_path_factory.mktemp("tansu-tls"), advertised_port=tls_port)
    with TlsTerminator(tls_port, port, pki["server_cert"], pki["server_key"]):
        yield f"127.0.0.1:{tls_port}"
    proc.stop()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def scram_gate(pki: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[ScramGate]:
    """Tansu behind a SASL_SSL listener (TLS with our certificate, SCRAM-SHA-512 for USER)."""
    gate_port = free_port()
    proc, port = _tansu(tmp_path_factory.mktemp("tansu-scram"), advertised_port=gate_port)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(pki["server_cert"], pki["server_key"])
    with ScramGate(gate_port, port, {USER: PASSWORD}, tls) as gate:
        yield gate
    proc.stop()  # type: ignore[attr-defined]


def _sasl_ssl(gate: ScramGate, pki: dict[str, Path], password: str) -> KafkaSettings:
    """What a Deployment on Strimzi sets: SASL_SSL, SCRAM-SHA-512 (the default), the CA."""
    return KafkaSettings(kafka_bootstrap=f"127.0.0.1:{gate.port}",
                         kafka_security_protocol="SASL_SSL", kafka_sasl_username=USER,
                         kafka_sasl_password=password, kafka_ca_file=str(pki["ca"]))


@pytest.fixture(scope="module")
def auth_tansu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Tansu with `--authentication` (every client must log in with SASL): its port."""
    proc, port = _tansu(tmp_path_factory.mktemp("tansu-auth"), authentication=True)
    yield port
    proc.stop()  # type: ignore[attr-defined]


def _topic(partitions: int = 2) -> Topic:
    return Topic(f"test.security.{uuid.uuid4().hex[:8]}.v1", object, "id",
                 partitions=partitions, retention_ms=3_600_000)


async def _described(settings: KafkaSettings, name: str) -> tuple[int, set[int], dict[str, str]]:
    """The topic as the broker has it: partitions, replicas per partition, configuration."""
    admin = admin_client(settings)
    await admin.start()
    try:
        [described] = await admin.describe_topics([name])
        [response] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, name)])
        [(*_, entries)] = response.resources
        return (len(described["partitions"]),
                {len(p["replicas"]) for p in described["partitions"]},
                {entry[0]: entry[1] for entry in entries})
    finally:
        await admin.close()


async def _round_trip(settings: KafkaSettings, topic: Topic) -> bytes:
    """Our producer writes one message; a FastStream consumer built like the services' (same
    `broker_security`, our `subscriber`) reads it back."""
    received: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
    router = KafkaRouter()

    @subscriber(router, topic.name, "test-security")
    async def handle(body: bytes) -> None:
        if not received.done():
            received.set_result(body)

    broker = KafkaBroker(settings.kafka_bootstrap, security=broker_security(settings))
    broker.include_router(router)
    producer = make_producer(settings)
    await producer.start()
    await broker.start()
    try:
        await producer.send_and_wait(topic.name, b"over the wire", key=b"k")
        return await asyncio.wait_for(received, 30)
    finally:
        await commits.flush_all()  # as Runtime.stop: the batched offsets, before the broker goes
        await broker.stop()
        await producer.stop()


async def test_over_tls_admin_creates_the_declared_topic_and_producer_and_consumer_work(
        tls_bootstrap: str, pki: dict[str, Path]) -> None:
    settings = KafkaSettings(kafka_bootstrap=tls_bootstrap, kafka_security_protocol="SSL",
                             kafka_ca_file=str(pki["ca"]))
    topic = _topic(partitions=2)

    await ensure_topics(settings, [topic])

    # as declared, with replicas and min.insync.replicas capped by the one broker there is
    assert await _described(settings, topic.name) == (2, {1}, {
        "retention.ms": "3600000", "cleanup.policy": "delete", "min.insync.replicas": "1"})
    assert await _round_trip(settings, topic) == b"over the wire"


async def test_with_topic_creation_off_nothing_is_created(
        tls_bootstrap: str, pki: dict[str, Path]) -> None:
    settings = KafkaSettings(kafka_bootstrap=tls_bootstrap, kafka_security_protocol="SSL",
                             kafka_ca_file=str(pki["ca"]), kafka_create_topics=False)
    topic = _topic()

    await ensure_topics(settings, [topic])

    admin = AIOKafkaAdminClient(bootstrap_servers=tls_bootstrap, security_protocol="SSL",
                                ssl_context=ssl.create_default_context(cafile=str(pki["ca"])))
    await admin.start()
    try:
        assert topic.name not in await admin.list_topics()
    finally:
        await admin.close()


async def test_a_broker_certificate_from_another_ca_is_refused_at_start_with_a_clear_error(
        tls_bootstrap: str, pki: dict[str, Path]) -> None:
    settings = KafkaSettings(kafka_bootstrap=tls_bootstrap, kafka_security_protocol="SSL",
                             kafka_ca_file=str(pki["other_ca"]))

    with pytest.raises(KafkaLoginError, match=r"TLS certificate not trusted .*KAFKA_CA_FILE"):
        await ensure_topics(settings, [_topic()])


async def test_with_sasl_ssl_and_the_right_password_admin_producer_and_consumer_log_in(
        scram_gate: ScramGate, pki: dict[str, Path]) -> None:
    settings = _sasl_ssl(scram_gate, pki, PASSWORD)
    topic = _topic(partitions=3)
    scram_gate.logins.clear()

    await ensure_topics(settings, [topic])

    assert (await _described(settings, topic.name))[0] == 3
    assert await _round_trip(settings, topic) == b"over the wire"
    assert scram_gate.logins and all(login == (USER, True) for login in scram_gate.logins)


async def test_with_a_wrong_password_the_start_stops_with_a_clear_error(
        scram_gate: ScramGate, pki: dict[str, Path]) -> None:
    settings = _sasl_ssl(scram_gate, pki, "not-the-password")

    with pytest.raises(KafkaLoginError, match=rf"SCRAM-SHA-512 login as '{USER}' refused "
                                              r"\(SaslAuthenticationFailed: .*invalid credentials"):
        await ensure_topics(settings, [_topic()])
    assert scram_gate.logins[-1] == (USER, False)


async def test_a_scram_login_the_broker_refuses_stops_the_start_with_a_clear_error(
        auth_tansu: int) -> None:
    """Real Tansu with `--authentication`: our SCRAM-SHA-512 client is asked to log in and
    refused (Tansu 0.6.0 knows no users), and the error names the user and the settings."""
    settings = KafkaSettings(kafka_bootstrap=f"127.0.0.1:{auth_tansu}",
                             kafka_security_protocol="SASL_PLAINTEXT",
                             kafka_sasl_username=USER, kafka_sasl_password=PASSWORD)

    with pytest.raises(KafkaLoginError, match=rf"SCRAM-SHA-512 login as '{USER}' refused"):
        await ensure_topics(settings, [_topic()])


async def test_a_client_without_sasl_is_refused_by_a_broker_that_demands_a_login(
        auth_tansu: int) -> None:
    settings = KafkaSettings(kafka_bootstrap=f"127.0.0.1:{auth_tansu}")

    with pytest.raises(KafkaLoginError, match="KAFKA_SECURITY_PROTOCOL"):
        await ensure_topics(settings, [_topic()])
