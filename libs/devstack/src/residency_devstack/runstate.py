"""The supervisor's state file, DATA/stack.json: its pid, the ports, each child's pid.

Written (atomically, 0600) after start-up and after every restart of a child, removed on a
clean stop. Tools read it to find a running stack (`residency-load --data-dir`) and to kill
one of its children (chaos); the next start reads it to kill what a killed supervisor left.
Each child leads its own process group (pgid == pid), so a group is killed as a whole.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .credentials import write_private
from .ports import StackPorts

STATE_FILE = "stack.json"


@dataclass
class StackState:
    supervisor_pid: int
    ports: dict[str, int]
    http_ports: dict[str, int]
    children: dict[str, int] = field(default_factory=dict)  # name -> pid (= its pgid)
    commands: dict[str, str] = field(default_factory=dict)  # name -> argv[0], to check a pid
    restarts: dict[str, int] = field(default_factory=dict)
    ready: bool = False

    def stack_ports(self) -> StackPorts:
        return StackPorts(**self.ports)


def state_path(data_dir: Path) -> Path:
    return Path(data_dir) / STATE_FILE


def write_state(data_dir: Path, state: StackState) -> None:
    write_private(state_path(data_dir), json.dumps(dataclasses.asdict(state), indent=2) + "\n")


def read_state(data_dir: Path) -> StackState | None:
    try:
        raw: dict[str, Any] = json.loads(state_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = {f.name for f in dataclasses.fields(StackState)}
    return StackState(**{k: v for k, v in raw.items() if k in names})


def remove_state(data_dir: Path) -> None:
    state_path(data_dir).unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _state_of(pid) not in ("Z", None)


def _state_of(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes whose process group is `pgid`, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def _runs(pid: int, command: str | None) -> bool:
    """Whether `pid` still runs the recorded program (guards against a reused pid)."""
    if not command:
        return True
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return False
    # a console script runs as `python <script>`: its name is argv[0] or argv[1]
    return Path(command).name in {Path(a).name for a in argv[:2]}


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def clean_stale(data_dir: Path, timeout: float = 10.0) -> list[str]:
    """Kill the process groups a dead supervisor left behind (named in its state file).

    Returns the names of the children killed. Raises RuntimeError when the recorded
    supervisor is still running (a second start would fight it for the ports)."""
    state = read_state(data_dir)
    if state is None:
        return []
    if state.supervisor_pid != os.getpid() and pid_alive(state.supervisor_pid):
        raise RuntimeError(
            f"a stack supervisor (pid {state.supervisor_pid}) is still running on {data_dir}")
    killed = []
    for name, pgid in state.children.items():
        members = group_members(pgid)
        if members and (pgid not in members or _runs(pgid, state.commands.get(name))):
            kill_group(pgid)
            killed.append(name)
    deadline = time.monotonic() + timeout
    while any(group_members(state.children[n]) for n in killed) and time.monotonic() < deadline:
        time.sleep(0.05)
    remove_state(data_dir)
    return killed
