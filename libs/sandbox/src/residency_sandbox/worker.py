"""The worker side: a fresh interpreter that runs one call at a time under soft limits.

Started by `SandboxPool` as `python -c ...` (never a fork of the service, so it inherits no
threads, sockets or main module). For every call it lowers its own soft limits — address space
to what it maps now plus `memory_mb`, CPU time to `timeout_s` + 2 s — and restores them after.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import resource
import signal
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

_MIB = 1024 * 1024
_LIMITS = (resource.RLIMIT_AS, resource.RLIMIT_CPU)
OK, RAISED, FAILED = "ok", "raised", "failed"


def resolve(target: str) -> Callable[..., Any]:
    """`module:qualified.name` → the function (a module-level function of an importable module)."""
    module, _, name = target.partition(":")
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found  # type: ignore[no-any-return]


def serve(fd: int, preload: Sequence[str] = ()) -> None:
    """Worker loop: receive a call, run it under limits, answer; exit when the pipe closes.

    Answers are (OK, result), (RAISED, exception) for an ordinary exception of the function, or
    (FAILED, reason) for MemoryError/RecursionError — after which the worker exits, since its
    heap may be in any state."""
    conn = Connection(fd)
    for sig in (signal.SIGINT, signal.SIGTERM):  # a signal to the service's process group
        signal.signal(sig, signal.SIG_IGN)       # must not cut the calls it is draining
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for module in preload:  # imported once, before the first call and outside its limits
        importlib.import_module(module)
    initial = {limit: resource.getrlimit(limit) for limit in _LIMITS}
    conn.send("ready")
    while True:
        try:
            target, args, kwargs, memory_mb, timeout_s = conn.recv()
        except (EOFError, OSError):
            return
        answer = _call(target, args, kwargs, memory_mb, timeout_s, initial)
        del args, kwargs
        try:
            conn.send(answer)
        except Exception:  # noqa: BLE001 - the result or exception does not pickle
            answer = (FAILED, "unpicklable answer")
            conn.send(answer)
        if answer[0] == FAILED:
            return


def _call(target: str, args: tuple[Any, ...], kwargs: dict[str, Any], memory_mb: int,
          timeout_s: float, initial: dict[int, tuple[int, int]]) -> tuple[str, Any]:
    try:
        function = resolve(target)
    except Exception as exc:  # noqa: BLE001
        return FAILED, f"cannot import {target}: {type(exc).__name__}"
    _set_limits(memory_mb, timeout_s)
    try:
        result = function(*args, **kwargs)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        return OK, result
    except (MemoryError, RecursionError) as exc:
        return FAILED, type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - handed back to the caller, who raises it
        return RAISED, exc
    finally:
        for limit, value in initial.items():
            resource.setrlimit(limit, value)


def _set_limits(memory_mb: int, timeout_s: float) -> None:
    """Soft limits for one call: address space now + memory_mb, CPU seconds now + timeout."""
    with open("/proc/self/statm", "rb") as statm:
        address_space = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = address_space + memory_mb * _MIB
    resource.setrlimit(resource.RLIMIT_AS, (soft if hard < 0 else min(soft, hard), hard))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime + timeout_s) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard < 0 else min(soft, hard), hard))
