"""Run checks in long-lived worker processes so a hostile file cannot take the service down.

Workers are fresh interpreters (`python -c ...`), not forks of the service, so they never inherit
its threads, sockets or main module; each talks to the service over its own socketpair. For every
file the worker lowers its own soft limits: address space to what it maps now plus `memory_mb`,
CPU time to `timeout_s` + 2 s; the service also enforces `timeout_s` on the wall clock. A worker
that times out, dies or answers garbage is killed, only that one file is refused, and a
replacement is started in the background so the next file does not wait for its start-up.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import logging
import os
import resource
import signal
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from typing import Any

from residency_contracts.attachments import AttachmentKind, VerdictCode

from residency_documents.cpus import container_cpus
from residency_documents.messages import Verdict

log = logging.getLogger(__name__)
START_TIMEOUT_S = 30.0
_MIB = 1024 * 1024
_CPU = resource.RLIMIT_CPU
_ENTRY = "import sys; from residency_documents.isolation import serve; serve(int(sys.argv[1]))"


def serve(fd: int) -> None:
    """Worker loop: receive a request, check it under limits, answer; exit when the pipe closes."""
    from residency_documents.checks import check_file

    conn = Connection(fd)
    for sig in (signal.SIGINT, signal.SIGTERM):  # a signal to the service's process group
        signal.signal(sig, signal.SIG_IGN)       # must not cut the checks it is draining
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    initial = {limit: resource.getrlimit(limit) for limit in (resource.RLIMIT_AS, _CPU)}
    conn.send("ready")
    while True:
        try:
            kind, data, today, months, memory_mb, timeout_s = conn.recv()
        except (EOFError, OSError):
            return
        _set_limits(memory_mb, timeout_s)
        try:
            verdict = check_file(kind, data, today=today, max_photo_age_months=months)
        finally:
            for limit, value in initial.items():
                resource.setrlimit(limit, value)
        del data
        conn.send(verdict)


def _set_limits(memory_mb: int, timeout_s: float) -> None:
    """Soft limits for one check: address space now + memory_mb, CPU seconds now + timeout."""
    with open("/proc/self/statm", "rb") as statm:
        address_space = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = address_space + memory_mb * _MIB
    resource.setrlimit(resource.RLIMIT_AS, (soft if hard < 0 else min(soft, hard), hard))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(_CPU)
    soft = int(usage.ru_utime + usage.ru_stime + timeout_s) + 2
    resource.setrlimit(_CPU, (soft if hard < 0 else min(soft, hard), hard))


class _Worker:
    def __init__(self) -> None:
        mine, theirs = socket.socketpair()
        with mine, theirs:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _ENTRY, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
            )
            self.conn = Connection(mine.detach())
        self.tasks = 0

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()
        self.proc.wait(5)
        self.conn.close()


async def _receive(conn: Connection) -> Any:
    """Wait (without blocking the loop) for one message; EOFError when the worker died."""
    loop = asyncio.get_running_loop()
    readable = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not readable.done():
            readable.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await readable
    finally:
        loop.remove_reader(fd)
        os.set_blocking(fd, True)  # uvloop leaves a watched fd non-blocking; send/recv block
    return conn.recv()


class CheckPool:
    """At most `size` checks at once, each in its own bounded worker process."""

    def __init__(self, size: int | None = None, max_tasks_per_worker: int = 200) -> None:
        self.size = size or container_cpus()
        self.max_tasks_per_worker = max_tasks_per_worker
        self._idle: list[_Worker] = []
        self._starting: set[asyncio.Task[None]] = set()
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def resize(self, size: int) -> None:
        """At most `size` checks and idle workers from now on (surplus idle ones stop)."""
        if size < 1:
            raise ValueError("a check pool needs at least one worker")
        self.size, self._slots = size, None
        while len(self._idle) > size:
            self._idle.pop().kill()

    async def run(self, request: tuple[Any, ...], timeout_s: float) -> Verdict | None:
        """The worker's verdict, or None if it timed out or crashed (it is then replaced)."""
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            self._slots, self._loop = asyncio.Semaphore(self.size), loop
        async with self._slots:
            worker = await self._acquire()
            verdict: Verdict | None = None
            try:
                async with asyncio.timeout(timeout_s):
                    worker.conn.send(request)  # an idle worker is blocked in recv: drains at once
                    answer = await _receive(worker.conn)
                verdict = answer if isinstance(answer, Verdict) else None
            except (TimeoutError, EOFError, OSError):
                log.warning("document check worker %s timed out or died", worker.proc.pid)
            finally:
                self._release(worker, healthy=verdict is not None)
            return verdict

    async def _acquire(self) -> _Worker:
        while self._idle:
            worker = self._idle.pop()
            if worker.alive():
                return worker
            worker.kill()
        return await _start()

    def _release(self, worker: _Worker, *, healthy: bool) -> None:
        worker.tasks += 1
        if healthy and worker.tasks < self.max_tasks_per_worker:
            if len(self._idle) < self.size:
                self._idle.append(worker)
            else:  # the pool was made smaller
                worker.kill()
            return
        worker.kill()
        task = asyncio.get_running_loop().create_task(self._start_spare())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _start_spare(self) -> None:
        try:
            worker = await _start()
        except Exception:  # noqa: BLE001 - the next check starts its own worker instead
            log.exception("could not start a spare document check worker")
            return
        if len(self._idle) < self.size:
            self._idle.append(worker)
        else:
            worker.kill()

    async def warm_up(self) -> None:
        """Start all workers now rather than on the first files (about 0.5 s each, in parallel)."""
        workers = await asyncio.gather(*(_start() for _ in range(self.size - len(self._idle))))
        self._idle.extend(workers)

    def close(self) -> None:
        for task in self._starting:
            task.cancel()
        while self._idle:
            self._idle.pop().kill()


async def _start() -> _Worker:
    worker = await asyncio.to_thread(_Worker)
    try:
        async with asyncio.timeout(START_TIMEOUT_S):
            if await _receive(worker.conn) != "ready":
                raise RuntimeError("document check worker did not start")
    except BaseException:
        worker.kill()
        raise
    return worker


_pool = CheckPool()
atexit.register(_pool.close)


def default_pool() -> CheckPool:
    return _pool


async def check_file_isolated(
    kind: AttachmentKind | str,
    data: bytes,
    *,
    today: dt.date,
    max_photo_age_months: int = 6,
    timeout_s: float = 10.0,
    memory_mb: int = 256,
) -> Verdict:
    """check_file in a bounded worker; a crash, timeout or MemoryError refuses the file."""
    kind = AttachmentKind(kind)
    request = (kind.value, data, today, max_photo_age_months, memory_mb, timeout_s)
    try:
        verdict = await _pool.run(request, timeout_s)
    except Exception:  # noqa: BLE001 - the pool itself failed (cannot fork, ...), not the file
        log.exception("document check pool failed")
        return Verdict.of(VerdictCode.CHECK_FAILED)
    if verdict is not None:
        return verdict
    if kind is AttachmentKind.DOCUMENT:
        return Verdict.of(VerdictCode.PDF_MALFORMED)
    return Verdict.of(VerdictCode.PHOTO_CORRUPT)
