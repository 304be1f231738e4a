"""A replica of a service started by the test itself (with a shutdown delay, so /readyz can be
seen answering 503), sent SIGTERM mid-burst and watched while it drains; `drain_run`: the
course every consumer's drain test follows (the session's process stopped idle, a replica fed
a burst and stopped mid-way, the session's process started again for the rest)."""

import asyncio
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pydantic import BaseModel
from residency_contracts import consumer_group
from residency_contracts.topics import Topic
from residency_devstack.ports import free_port
from residency_devstack.supervisor import ServiceProcess, service_envs, service_executable

from tests.helpers import wait_for

SHUTDOWN_DELAY_S = 1.0
EXIT_BOUND_S = 30.0  # the termination grace period the manifests give


class Replica:
    """One more process of service `name`, on a port of its own, logging to `<name>-drain.log`."""

    def __init__(self, stack, name: str, **env: str) -> None:  # type: ignore[no-untyped-def]
        port = free_port()
        prefix = name.upper() + "_"
        self.url = f"http://127.0.0.1:{port}"
        self.proc = ServiceProcess(
            name, [service_executable(name)],
            service_envs(stack, {name: port})[name] | {
                f"{prefix}SHUTDOWN_DELAY_S": str(SHUTDOWN_DELAY_S),
                **{prefix + k.upper(): v for k, v in env.items()}},
            f"{self.url}/readyz", stack.logs_dir / f"{name}-drain.log")

    async def start(self) -> None:
        self.proc.start()
        await asyncio.to_thread(self.proc.wait_ready, 60)

    def terminate(self) -> "Draining":
        return Draining(self)

    def kill(self) -> None:
        if self.proc.alive():
            self.proc.kill()


@dataclass
class Draining:
    """SIGTERM sent at `t0`; /readyz polled (a fresh connection each time) until the listener
    closes; the exit awaited."""

    replica: Replica
    t0: float = field(init=False)
    readiness: list[int | str] = field(init=False, default_factory=list)
    not_ready: asyncio.Event = field(init=False, default_factory=asyncio.Event)
    closed: asyncio.Event = field(init=False, default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.t0 = time.monotonic()
        self.replica.proc.kill(signal.SIGTERM)  # the process group, as the supervisor does
        self._watch = asyncio.create_task(self._watch_readiness())

    async def _watch_readiness(self) -> None:
        async with httpx.AsyncClient(timeout=2, headers={"Connection": "close"}) as client:
            while self.replica.proc.alive():
                try:
                    r = await client.get(f"{self.replica.url}/readyz")
                    self.readiness.append(r.status_code)
                    if r.status_code == 503:
                        self.not_ready.set()
                except httpx.ConnectError:
                    self.readiness.append("refused")
                    self.closed.set()
                    return
                except httpx.TransportError as exc:
                    self.readiness.append(type(exc).__name__)
                await asyncio.sleep(0.02)

    async def exited(self) -> tuple[int, float]:
        """(exit code, seconds from the signal to the exit); fails after EXIT_BOUND_S."""
        popen = self.replica.proc.proc.popen
        assert popen is not None
        while (code := popen.poll()) is None:
            if time.monotonic() - self.t0 > EXIT_BOUND_S:
                raise AssertionError(f"{self.replica.proc.name} still running "
                                     f"{EXIT_BOUND_S:.0f}s after SIGTERM:\n{self.replica.proc.tail()}")
            await asyncio.sleep(0.01)
        took = time.monotonic() - self.t0
        await self._watch
        return code, took

    def assert_not_ready_at_once(self) -> None:
        """After the 200s answered before the signal was handled: 503 until the listener
        closed, never 200 again."""
        after = self.readiness[next((i for i, s in enumerate(self.readiness) if s != 200),
                                    len(self.readiness)):]
        assert after and after[0] == 503, f"/readyz after SIGTERM: {self.readiness}"
        assert 200 not in after, f"/readyz after SIGTERM: {self.readiness}"


async def group_members(bootstrap: str, group: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [described] = await admin.describe_consumer_groups([group])
        groups = described.to_object()["groups"]
        assert [g["error_code"] for g in groups] == [0], groups
        return sum(len(g["members"]) for g in groups)
    finally:
        await admin.close()


async def publish(bootstrap: str, topic: str, messages: list[tuple[bytes, bytes]]
                  ) -> list[tuple[int, int]]:
    """Publish (key, value) pairs; where each landed: (partition, offset)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    try:
        sent = [await producer.send(topic, value, key=key) for key, value in messages]
        return [((m := await f).partition, m.offset) for f in sent]
    finally:
        await producer.stop()


async def committed_of(bootstrap: str, group: str, placed: list[tuple[int, int]],
                       topic: str) -> int:
    """How many of the messages `placed` lie below the group's committed offsets: those it
    has acknowledged as handled (a partition is handled in order)."""
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group,
                              enable_auto_commit=False)
    await reader.start()  # never subscribes: only reads the group's committed offsets
    try:
        committed = {p: await reader.committed(TopicPartition(topic, p)) or 0
                     for p in {p for p, _ in placed}}
    finally:
        await reader.stop()
    return sum(1 for p, offset in placed if offset < committed[p])


def _keyed(topic: Topic, message: BaseModel) -> tuple[bytes, bytes]:
    """(key, value) of `message` as a service publishes it on `topic`."""
    _, key = topic.address(message)
    assert key is not None, f"{topic.name} is keyed"
    return key.encode(), message.model_dump_json().encode()


@dataclass(frozen=True)
class Drained:
    """How a replica stopped by SIGTERM mid-burst left things, read after it exited."""

    code: int
    took: float
    """Seconds from the signal to the exit (the shutdown delay included)."""
    at_exit: int
    """Messages handled (by the service's own count) when it had exited."""
    committed: int
    """Of the burst, the messages below the group's committed offsets."""
    members: int
    """Members the consumer group still had."""
    readiness: list[int | str]
    """/readyz's answers from the signal to the listener's close."""


@dataclass
class DrainRun:
    """One drain test: the session's process of `name` stopped while idle (`idle_drain_s`), a
    `replica` of its own, and a connection to the service's database (`conn`)."""

    stack: Any
    name: str
    session: ServiceProcess
    idle_drain_s: float
    replica: Replica
    conn: asyncpg.Connection

    async def burst_then_sigterm(self, topic: Topic, messages: Sequence[BaseModel],
                                 handled: Callable[[], Awaitable[int]], signal_after: int,
                                 what: str) -> Drained:
        """Start the replica, publish `messages` (keyed as `topic` keys them), send SIGTERM once
        `handled()` counts `signal_after`, and check what every drain must do: exit 0, not ready
        at once, the burst not over at the signal, the offsets of exactly the handled messages
        committed, the group left."""
        bootstrap = self.stack.kafka_bootstrap
        group = consumer_group(self.name, topic.name)
        await self.replica.start()
        placed = await publish(bootstrap, topic.name, [_keyed(topic, m) for m in messages])

        async def enough() -> int:
            return n if (n := await handled()) >= signal_after else 0

        await wait_for(enough, timeout=60, interval=0.01, what=f"{signal_after} {what}")
        draining = self.replica.terminate()
        code, took = await draining.exited()
        members = await group_members(bootstrap, group)
        at_exit = await handled()
        committed = await committed_of(bootstrap, group, placed, topic.name)
        assert code == 0, self.replica.proc.tail()
        draining.assert_not_ready_at_once()
        assert at_exit < len(messages), "the burst was over before the signal: nothing was drained"
        assert committed == at_exit, "the offsets of the handled messages were not all committed"
        assert members == 0, "the stopped consumers did not leave their group"
        return Drained(code, took, at_exit, committed, members, draining.readiness)

    def restart_session(self) -> float:
        """Start the session's process again (the next replica) and wait until it is ready;
        when it was started (time.monotonic)."""
        started = time.monotonic()
        self.session.start()
        self.session.wait_ready(60)
        return started


@asynccontextmanager
async def drain_run(stack: Any, services: Any, name: str) -> AsyncIterator[DrainRun]:
    """The session's process of `name` stopped (idle: a drain with nothing in hand, exit 0) for
    a replica of the test's own; after the test the replica is killed and the session's process
    runs and is ready again, whatever happened."""
    session = services.procs[name]
    t_stop = time.monotonic()
    assert session.stop(30) == 0, session.tail()
    idle_drain_s = time.monotonic() - t_stop
    replica = Replica(stack, name)
    conn = await asyncpg.connect(stack.database_url(name))
    try:
        yield DrainRun(stack, name, session, idle_drain_s, replica, conn)
    finally:
        await conn.close()
        replica.kill()
        if not session.alive():
            session.start()
        session.wait_ready(60)
