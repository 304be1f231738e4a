"""Run work on untrusted input in long-lived worker processes, so a hostile file cannot take the
service down.

Workers are fresh interpreters (`python -c ...`, see `worker.py`), each talking to the service
over its own socketpair. Every call runs under soft limits the worker sets for it (address space:
what it maps now + `memory_mb`; CPU: `timeout_s` + 2 s), and the service enforces `timeout_s` on
the wall clock. A worker that times out, dies, runs out of memory or answers garbage is killed,
the call raises `SandboxError`, and a replacement is started in the background so the next call
does not wait for its start-up.

The service creates its pool at start-up (`SandboxPool(size, preload=...)`), passes it to what
needs it, and closes it when it stops: there is no module-level pool.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from .worker import OK, RAISED

log = logging.getLogger(__name__)
START_TIMEOUT_S = 60.0  # a worker imports its preloads: seconds on a busy machine
_ENTRY = ("import sys; from residency_sandbox.worker import serve; "
          "serve(int(sys.argv[1]), sys.argv[2:])")


class SandboxError(Exception):
    """The call did not finish within its bounds, or its worker died: refuse the input."""


class SandboxUnavailable(Exception):
    """No worker could be started (cannot fork, ...): the service's fault, not the input's."""


def target_of(function: Callable[..., Any] | str) -> str:
    """`module:qualname` of a module-level function (the worker imports it by that name)."""
    if isinstance(function, str):
        return function
    return f"{function.__module__}:{function.__qualname__}"


class _Worker:
    def __init__(self, preload: Sequence[str]) -> None:
        mine, theirs = socket.socketpair()
        with mine, theirs:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _ENTRY, str(theirs.fileno()), *preload],
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
    """Wait (without blocking the loop or holding a thread) until the worker answers, then read
    the answer in a thread; EOFError when the worker died."""
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
    return await asyncio.to_thread(conn.recv)  # a large answer (a repaired PDF) arrives in parts


class SandboxPool:
    """At most `size` calls at once, each in its own bounded worker process.

    `preload` names modules every worker imports when it starts (before any limit), so the first
    call does not pay for the import."""

    def __init__(self, size: int, *, preload: Sequence[str] = (),
                 max_tasks_per_worker: int = 200) -> None:
        if size < 1:
            raise ValueError("a sandbox pool needs at least one worker")
        self.size = size
        self.preload = tuple(preload)
        self.max_tasks_per_worker = max_tasks_per_worker
        self._idle: list[_Worker] = []
        self._starting: set[asyncio.Task[None]] = set()
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def resize(self, size: int) -> None:
        """At most `size` calls and idle workers from now on (surplus idle ones stop)."""
        if size < 1:
            raise ValueError("a sandbox pool needs at least one worker")
        self.size, self._slots = size, None
        while len(self._idle) > size:
            self._idle.pop().kill()

    async def run(self, function: Callable[..., Any] | str, *args: Any, timeout_s: float,
                  memory_mb: int, **kwargs: Any) -> Any:
        """`function(*args, **kwargs)` in a worker (a coroutine function is run to completion
        there). Its result, or the exception it raised (re-raised here); SandboxError when it
        ran out of time or memory or its worker died; SandboxUnavailable when no worker could
        be started."""
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            self._slots, self._loop = asyncio.Semaphore(self.size), loop
        request = (target_of(function), args, kwargs, memory_mb, timeout_s)
        async with self._slots:
            worker = await self._acquire()
            answer: Any = None
            try:
                async with asyncio.timeout(timeout_s):
                    # in a thread: a large file fills the socket buffer, and how soon the worker
                    # drains it depends on the scheduler, not on this event loop
                    await asyncio.to_thread(worker.conn.send, request)
                    answer = await _receive(worker.conn)
            except (TimeoutError, EOFError, OSError) as exc:
                log.warning("sandbox worker %s timed out or died", worker.proc.pid)
                raise SandboxError(type(exc).__name__) from None
            except Exception as exc:  # noqa: BLE001 - an answer that does not unpickle
                raise SandboxError(type(exc).__name__) from None
            finally:
                healthy = isinstance(answer, tuple) and len(answer) == 2 and answer[0] in (
                    OK, RAISED)
                self._release(worker, healthy=healthy)
        if not isinstance(answer, tuple) or len(answer) != 2 or answer[0] not in (OK, RAISED):
            raise SandboxError(str(answer[1]) if isinstance(answer, tuple) else "garbage")
        if answer[0] == RAISED:
            if isinstance(answer[1], BaseException):
                raise answer[1]
            raise SandboxError("garbage")
        return answer[1]

    async def _acquire(self) -> _Worker:
        while self._idle:
            worker = self._idle.pop()
            if worker.alive():
                return worker
            worker.kill()
        return await self._start()

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
            worker = await self._start()
        except Exception:  # noqa: BLE001 - the next call starts its own worker instead
            log.exception("could not start a spare sandbox worker")
            return
        if len(self._idle) < self.size:
            self._idle.append(worker)
        else:
            worker.kill()

    async def warm_up(self) -> None:
        """Start all workers now rather than on the first calls (about 0.5 s each, in parallel)."""
        workers = await asyncio.gather(*(self._start() for _ in range(self.size - len(self._idle))))
        self._idle.extend(workers)

    def close(self) -> None:
        """Stop every idle worker and spare start-up; a pool may be used again afterwards."""
        for task in self._starting:
            task.cancel()
        while self._idle:
            self._idle.pop().kill()

    async def _start(self) -> _Worker:
        try:
            worker = await asyncio.to_thread(_Worker, self.preload)
        except OSError as exc:
            raise SandboxUnavailable(str(exc)) from exc
        try:
            async with asyncio.timeout(START_TIMEOUT_S):
                if await _receive(worker.conn) != "ready":
                    raise SandboxUnavailable("sandbox worker did not start")
        except (TimeoutError, EOFError, OSError) as exc:
            worker.kill()
            raise SandboxUnavailable(f"sandbox worker did not start: {type(exc).__name__}") \
                from exc
        except BaseException:
            worker.kill()
            raise
        return worker
