"""Child processes that never outlive us: own process group + parent-death signal."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import pwd
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .credentials import PRIVATE_UMASK, open_private, private_dir

_PR_SET_PDEATHSIG = 1


class StartupError(RuntimeError):
    """A component did not come up; the message names it and points at its log."""


def _parent_death_hook(sig: int) -> Callable[[], None]:
    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)

    def hook() -> None:  # runs in the child between fork and exec (after setuid)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # parent already gone
            os._exit(1)

    return hook


def as_user(user: str | None) -> dict[str, Any]:
    """Popen kwargs to run as `user` with only that user's group (drops root's groups)."""
    if user is None:
        return {}
    return {"user": user, "group": pwd.getpwnam(user).pw_gid, "extra_groups": []}


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 64_000))
            data = fh.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    return "\n".join(data.splitlines()[-lines:])


class ChildProcess:
    """One long-running child, logging to a file, stopped as a whole process group.

    The parent-death signal is bound to the *thread* that calls start(): call it from a
    thread that lives as long as the child should (normally the main thread).
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log_path: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        user: str | None = None,
        stop_signal: int = signal.SIGTERM,
    ) -> None:
        self.name, self.argv, self.log_path = name, list(argv), log_path
        self.env = dict(env) if env is not None else None
        self.cwd, self.user, self.stop_signal = cwd, user, stop_signal
        self.popen: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    @property
    def returncode(self) -> int | None:
        return self.popen.poll() if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def start(self) -> None:
        if self.alive():
            raise RuntimeError(f"{self.name} is already running (pid {self.pid})")
        private_dir(self.log_path.parent)
        with open_private(self.log_path, "ab") as log:
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            log.write(f"\n=== {stamp} starting {self.name}: {' '.join(self.argv)}\n".encode())
            log.flush()
            self.popen = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.cwd,
                **as_user(self.user),
                start_new_session=True,
                umask=PRIVATE_UMASK,
                preexec_fn=_parent_death_hook(self.stop_signal),
            )

    def send(self, sig: int) -> None:
        """Signal the whole process group (no-op when it is gone)."""
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, sig)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        self.send(sig)

    def stop(self, timeout: float = 10.0) -> int | None:
        """Stop signal, bounded wait, then SIGKILL. Returns the exit code."""
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self.send(self.stop_signal)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.send(signal.SIGKILL)
                self.popen.wait(5)
        self.send(signal.SIGKILL)  # stragglers left in the group
        return self.popen.returncode

    def tail(self, lines: int = 30) -> str:
        return log_tail(self.log_path, lines)

    def wait_until(self, check: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll `check` until true; fail fast if the process exits, clearly on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            if check():
                return
            if self.popen is not None and self.popen.poll() is not None:
                raise StartupError(
                    f"{self.name} exited with code {self.popen.returncode} before {what}; "
                    f"log: {self.log_path}\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                raise StartupError(
                    f"{self.name}: {what} not reached within {timeout:.0f}s; "
                    f"log: {self.log_path}\n{self.tail()}"
                )
            time.sleep(0.05)
