"""A replica of a service started by the test itself (with a shutdown delay, so /readyz can be
seen answering 503), sent SIGTERM mid-burst and watched while it drains."""

import asyncio
import signal
import time
from dataclasses import dataclass, field

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from residency_devstack.ports import free_port
from residency_devstack.supervisor import ServiceProcess, service_envs, service_executable

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
