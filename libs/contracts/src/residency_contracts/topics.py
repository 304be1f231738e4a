"""Topic names, one message type each, declared next to their schema version.

A `Topic` also fixes what may be published on it: `topic.address(message)` refuses a message
of another type (`WrongMessage`) and reads the Kafka key from the declared key field, so a
producer never spells a topic name or builds a key by hand (the outbox takes a `Topic`).
"""

import types
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel

from .cesr import CesrIssued
from .commands import SendEmail
from .events import (
    ApplicationFiled,
    ApplicationStatusChanged,
    AttachmentChecked,
    AttachmentUploaded,
)
from .examiner import ExaminationCommand

DAY_MS = 24 * 3600 * 1000


class WrongMessage(TypeError):
    """A message published on a topic that does not carry its type."""


def message_types(declared: object) -> tuple[type, ...]:
    """The classes a declared message type admits: a class, a union of classes, or an
    `Annotated` discriminated union of them (`SendEmail`, `ExaminationCommand`)."""
    if get_origin(declared) is Annotated:
        return message_types(get_args(declared)[0])
    if get_origin(declared) in (Union, types.UnionType):
        return tuple(t for member in get_args(declared) for t in message_types(member))
    if isinstance(declared, type):
        return (declared,)
    raise TypeError(f"not a message type: {declared!r}")


@dataclass(frozen=True)
class Topic:
    """One topic: its message type and key, who writes and reads it, and how the cluster keeps it.

    `partitions`, `replicas`, `min_insync_replicas` and `retention_ms` are the single source
    for both the local topic creation (replicas capped by the brokers there are) and the
    Strimzi `KafkaTopic`s in `deploy/k8s`; `producers` and `consumers` (service names) are
    the source of the `KafkaUser` ACLs."""

    name: str
    message: type[BaseModel] | object
    key: str
    public: bool = False
    description: str = ""
    producers: tuple[str, ...] = ()
    consumers: tuple[str, ...] = ()
    """Services whose consumer groups read it (group ids start with the service's name:
    `<group>.<topic>`, e.g. `intake-organizations.residency.status.v1`)."""
    partitions: int = 3
    replicas: int = 3
    min_insync_replicas: int = 2
    retention_ms: int = 7 * DAY_MS

    @cached_property
    def message_types(self) -> tuple[type, ...]:
        """The classes a message on this topic may be (`object` for dead letters: any)."""
        return message_types(self.message)

    def address(self, message: BaseModel) -> tuple[str, str | None]:
        """(topic name, Kafka key) of `message` on this topic: the key is the declared key
        field of the message. Refuses a message of another type (`WrongMessage`)."""
        if not isinstance(message, self.message_types) or not isinstance(message, BaseModel):
            raise WrongMessage(f"{type(message).__name__} is not a message of {self.name} "
                               f"(expects {', '.join(t.__name__ for t in self.message_types)})")
        key = getattr(message, self.key)
        return self.name, None if key is None else str(key)

    @property
    def config(self) -> dict[str, str]:
        """Topic configuration as Kafka names it (`retention.ms`, `min.insync.replicas`)."""
        return {"retention.ms": str(self.retention_ms),
                "min.insync.replicas": str(self.min_insync_replicas),
                "cleanup.policy": "delete"}


ATTACHMENT_UPLOADED = Topic(
    "residency.intake.attachment-uploaded.v1", AttachmentUploaded, "application_id",
    description="intake → documents: a file landed in quarantine and needs a verdict.",
    producers=("intake",), consumers=("documents",),
)
ATTACHMENT_CHECKED = Topic(
    "residency.documents.attachment-checked.v1", AttachmentChecked, "application_id",
    description="documents → intake: the verdict on one attachment.",
    producers=("documents",), consumers=("intake",),
)
APPLICATION_FILED = Topic(
    "residency.intake.application-filed.v1", ApplicationFiled, "application_id",
    description="intake → examination: an application was filed.",
    producers=("intake",), consumers=("examination",),
)
STATUS = Topic(
    "residency.status.v1", ApplicationStatusChanged, "application_id", public=True,
    description="Public: every status change of every application, keyed by application id.",
    producers=("examination",), consumers=("intake",), retention_ms=30 * DAY_MS,
)
SEND_EMAIL = Topic(
    "residency.notify.send-email.v1", SendEmail, "event_id",
    description="any service → notify: render and send one email (internal; carries addresses).",
    producers=("intake", "examination"), consumers=("notify",), retention_ms=3 * DAY_MS,
)

EXAMINATION_COMMANDS = Topic(
    "residency.examination.commands.v1", ExaminationCommand, "application_id",
    description="intake → examination: examiner actions and filers' requests.",
    producers=("intake",), consumers=("examination",),
)

CESR_ISSUED = Topic(
    "residency.examination.cesr-issued.v1", CesrIssued, "application_id",
    description="examination → intake: an electronic CESR was issued (number and PDF digest).",
    producers=("examination",), consumers=("intake",),
)

ALL_TOPICS = (ATTACHMENT_UPLOADED, ATTACHMENT_CHECKED, APPLICATION_FILED, STATUS, SEND_EMAIL,
              EXAMINATION_COMMANDS, CESR_ISSUED)


SERVICES = ("intake", "documents", "examination", "notify")
"""The services that run a consumer and so own a dead-letter topic."""


def consumer_group(group: str, topic: str) -> str:
    """The consumer group id of one (group, topic) pair; groups start with their service."""
    return f"{group}.{topic}"


def dead_letter_topic(consumer: str) -> str:
    """Dead-letter topic of one consumer group (poison messages, with the error in headers)."""
    return f"residency.dlq.{consumer}.v1"


def dead_letter_spec(service: str) -> Topic:
    """The dead-letter topic of one service: one partition (order of arrival is what an
    operator reads), kept 30 days so a weekend's poison is still there to replay."""
    return Topic(dead_letter_topic(service), object, "original key",
                 description=f"Dead letters of {service}'s consumers, error in the headers.",
                 producers=(service,), consumers=(), partitions=1,
                 retention_ms=30 * DAY_MS)


DEAD_LETTER_TOPICS = tuple(dead_letter_spec(s) for s in SERVICES)
