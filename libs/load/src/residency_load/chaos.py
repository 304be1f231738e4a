"""--chaos: SIGKILL, in turn, each service and each part of a local stack while the load
runs, and wait until its supervisor has it back (`residency-stack run` restarts a dead
child and records the new pid in DATA/stack.json)."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from residency_devstack.runstate import read_state

# the infrastructure first (back within seconds), then the services (each ~10–20 s to start)
ORDER = ("broker", "postgres", "s3", "mail", "intake", "documents", "examination", "notify")
_PORT_OF = {"broker": "kafka", "postgres": "postgres", "s3": "s3", "mail": "mail_http"}


def _answers(data_dir: Path, name: str) -> bool:
    state = read_state(data_dir)
    if state is None:
        return False
    if name in state.http_ports:
        url = f"http://127.0.0.1:{state.http_ports[name]}/readyz"
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                return bool(r.status == 200)
        except OSError:
            return False
    from residency_devstack.ports import port_is_open

    return port_is_open(state.ports[_PORT_OF[name]])


@dataclass
class Kill:
    name: str
    at_s: float  # since the run started
    back_after_s: float | None  # until the new process answered; None: not within the bound


@dataclass
class Chaos:
    data_dir: Path
    interval_s: float
    targets: tuple[str, ...] = ORDER
    recover_s: float = 90.0
    kills: list[Kill] = field(default_factory=list)
    error: str | None = None

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chaos", daemon=True)

    def start(self) -> None:
        if read_state(self.data_dir) is None:
            raise SystemExit(f"--chaos needs a local supervisor: no {self.data_dir}/stack.json "
                             "(start it with `residency-stack run --data-dir ...`)")
        self.t0 = time.monotonic()
        self._thread.start()

    def done(self) -> bool:
        return not self._thread.is_alive()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)
        self._stop.set()

    def _run(self) -> None:
        try:
            for name in self.targets:
                if self._stop.wait(self.interval_s):
                    return
                self.kills.append(self.kill_and_wait(name))
        except Exception as exc:  # reported in the table, fails the run
            self.error = f"{type(exc).__name__}: {exc}"

    def kill_and_wait(self, name: str) -> Kill:
        state = read_state(self.data_dir)
        assert state is not None
        pid = state.children[name]
        at = time.monotonic()
        os.killpg(pid, signal.SIGKILL)
        deadline = at + self.recover_s
        while time.monotonic() < deadline:
            now = read_state(self.data_dir)
            if now is not None and now.children.get(name) not in (None, pid) \
                    and _answers(self.data_dir, name):
                return Kill(name, round(at - self.t0, 1), round(time.monotonic() - at, 1))
            time.sleep(0.2)
        return Kill(name, round(at - self.t0, 1), None)

    def table(self) -> str:
        lines = ["chaos: SIGKILL (whole process group), restarted by the supervisor",
                 f"{'part':<12} {'killed at':>10} {'back after':>11}"]
        for k in self.kills:
            back = f"{k.back_after_s:.1f} s" if k.back_after_s is not None else "NOT BACK"
            lines.append(f"{k.name:<12} {k.at_s:>8.1f} s {back:>11}")
        if self.error:
            lines.append(f"chaos error: {self.error}")
        return "\n".join(lines)

    @property
    def ok(self) -> bool:
        return self.error is None and len(self.kills) == len(self.targets) and all(
            k.back_after_s is not None for k in self.kills)
