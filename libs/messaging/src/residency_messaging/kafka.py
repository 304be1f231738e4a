"""Kafka plumbing shared by the services: topics, producer, subscriber defaults."""

import asyncio
import logging
import ssl
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.conn import collect_hosts, create_conn
from aiokafka.errors import (
    IllegalSaslStateError,
    KafkaConnectionError,
    KafkaError,
    SaslAuthenticationFailed,
    TopicAlreadyExistsError,
    UnsupportedSaslMechanismError,
)
from aiokafka.helpers import create_ssl_context
from aiokafka.protocol.metadata import MetadataRequest
from faststream.kafka import KafkaRouter
from faststream.middlewares import AckPolicy
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from residency_contracts import Topic, consumer_group

from .commits import INTERVAL_S, batched_parser
from .settings import KafkaSettings

log = logging.getLogger(__name__)


class KafkaLoginError(RuntimeError):
    """This service cannot log in to Kafka: TLS not trusted or SASL refused. Raised at start-up
    (`check_login`), with the broker, the user and what to check."""


def client_options(settings: KafkaSettings) -> dict[str, Any]:
    """aiokafka keyword arguments for bootstrap, TLS and SASL, shared by every client kind
    (producer, admin, and FastStream's consumers through `broker_security`)."""
    options: dict[str, Any] = {"bootstrap_servers": settings.kafka_bootstrap,
                               "security_protocol": settings.kafka_security_protocol}
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = create_ssl_context(cafile=settings.kafka_ca_file)
    if settings.kafka_security_protocol.startswith("SASL_"):
        password = settings.kafka_sasl_password
        options.update(sasl_mechanism=settings.kafka_sasl_mechanism,
                       sasl_plain_username=settings.kafka_sasl_username,
                       sasl_plain_password=password.get_secret_value() if password else None)
    return options


def broker_security(settings: KafkaSettings) -> BaseSecurity | None:
    """The same options in FastStream's terms, for `KafkaBroker(security=…)`."""
    options = client_options(settings)
    ctx = options.get("ssl_context")
    if "sasl_mechanism" not in options:
        return BaseSecurity(ssl_context=ctx) if ctx is not None else None
    kind = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256,
            "PLAIN": SASLPlaintext}[options["sasl_mechanism"]]
    return kind(options["sasl_plain_username"], options["sasl_plain_password"],  # type: ignore[abstract]
                ssl_context=ctx, use_ssl=ctx is not None)


async def check_login(settings: KafkaSettings, *, timeout_s: float = 10.0) -> None:
    """Open one connection the way every client will (TLS, then SASL) and turn a refusal
    into a `KafkaLoginError` that names the broker, the user and the setting to check.

    aiokafka itself only logs the cause and raises "Unable to bootstrap". A broker that
    cannot be reached is not a login error: that is left to the clients' own retries."""
    options = client_options(settings)
    options.pop("bootstrap_servers")
    protocol = settings.kafka_security_protocol
    for host, port, _family in collect_hosts(settings.kafka_bootstrap, randomize=False):
        where = f"{host}:{port}"
        if not await _accepts_tcp(host, port, timeout_s):
            log.warning("Kafka broker unreachable for the login check", extra={"broker": where})
            continue
        try:
            async with asyncio.timeout(timeout_s):
                conn = await create_conn(host, port, client_id="residency-login-check",
                                         request_timeout_ms=int(timeout_s * 1000), **options)
                try:  # a first request: a listener that wants a login refuses it without
                    await conn.send(MetadataRequest([]))
                finally:
                    conn.close()
        except ssl.SSLCertVerificationError as exc:
            raise KafkaLoginError(
                f"Kafka at {where}: TLS certificate not trusted ({exc.verify_message}); "
                f"{settings.env_name('kafka_ca_file')} must be the CA that signed the brokers' "
                "certificates (Strimzi: the <cluster>-cluster-ca-cert secret's ca.crt)") from exc
        except ssl.SSLError as exc:
            raise KafkaLoginError(
                f"Kafka at {where}: TLS handshake failed ({exc.reason or exc}); does this "
                f"listener speak {protocol}?") from exc
        except (SaslAuthenticationFailed, UnsupportedSaslMechanismError,
                IllegalSaslStateError, KeyError, ValueError) as exc:
            # aiokafka's SCRAM client raises KeyError/ValueError on a server-final message
            # that carries an error (`e=…`) instead of the server's signature.
            detail = str(exc) if isinstance(exc, KafkaError) else "proof not accepted"
            raise KafkaLoginError(
                f"Kafka at {where}: SASL {settings.kafka_sasl_mechanism} login as "
                f"{settings.kafka_sasl_username!r} refused ({type(exc).__name__}: {detail}); "
                f"check {settings.env_name('kafka_sasl_username')} and "
                f"{settings.env_name('kafka_sasl_password')}") from exc
        except (OSError, TimeoutError, KafkaConnectionError) as exc:
            raise KafkaLoginError(
                f"Kafka at {where} accepts connections but a {protocol} client could not "
                f"log in and ask for metadata ({exc!r}): does the listener expect another security "
                f"protocol ({settings.env_name('kafka_security_protocol')}) or, with SASL, "
                f"another mechanism ({settings.env_name('kafka_sasl_mechanism')})?") from exc
        return


async def _accepts_tcp(host: str, port: int, timeout_s: float) -> bool:
    try:
        async with asyncio.timeout(timeout_s):
            _reader, writer = await asyncio.open_connection(host, port)
    except (OSError, TimeoutError):
        return False
    writer.close()
    return True


async def ensure_topics(settings: KafkaSettings, topics: Iterable[Topic]) -> None:
    """Log in (`check_login`: a clear error for a wrong password or CA, topic creation on or
    off), then create the declared topics that are missing, with their partitions and
    configuration (replicas capped by the brokers there are). Nothing is created when
    `kafka_create_topics` is false: on Strimzi, the `KafkaTopic` resources rendered from the
    same declarations own them."""
    await check_login(settings)
    if not settings.kafka_create_topics:
        return
    admin = admin_client(settings)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        brokers = len((await admin.describe_cluster())["brokers"]) or 1
        missing = [new_topic(t, brokers) for t in topics if t.name not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


def new_topic(topic: Topic, brokers: int) -> NewTopic:
    """The declared topic for a cluster of `brokers`: replicas and min.insync.replicas capped
    so that a one-broker stack can still write to it."""
    return NewTopic(topic.name, topic.partitions, min(topic.replicas, brokers),
                    topic_configs={**topic.config, "min.insync.replicas":
                                   str(min(topic.min_insync_replicas, brokers))})


def admin_client(settings: KafkaSettings) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(**client_options(settings))


def make_producer(settings: KafkaSettings) -> AIOKafkaProducer:
    # No idempotent producer: Tansu lacks it; consumers de-duplicate on event_id instead.
    return AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5)


def subscriber(router: KafkaRouter, topic: str, group: str, *,
               session_timeout_ms: int = 6000, commit_interval_s: float = INTERVAL_S,
               **extra: Any) -> Any:
    """At-least-once subscriber: offsets committed only after the handler (or the DLQ) is done,
    several together at most `commit_interval_s` later (see `commits`; 0: one by one).

    One consumer group per (service, topic), so a service's subscribers never make each
    other rebalance."""
    return router.subscriber(
        topic, group_id=consumer_group(group, topic), auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR, session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(session_timeout_ms // 6, 100),
        parser=batched_parser(commit_interval_s), **extra)
