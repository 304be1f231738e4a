"""`residency-stack` as operators run it: no orphans when the supervisor is SIGKILLed, a
stale state file cleaned up at the next start, a killed child restarted."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from residency_devstack.ports import port_is_open
from residency_devstack.runstate import group_members, read_state

STACK = str(Path(sys.executable).parent / "residency-stack")


def _until(check: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout}s: {what}"
        time.sleep(0.1)


@contextmanager
def supervisor(data_dir: Path, command: str = "up") -> Iterator[subprocess.Popen[bytes]]:
    """`residency-stack <command> --free-ports`, ready (state file says so) when yielded."""
    log = (data_dir.parent / f"supervisor-{time.monotonic_ns()}.log").open("wb")
    proc = subprocess.Popen([STACK, command, "--free-ports", "--no-echo", "--data-dir",
                             str(data_dir)], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        def ready() -> bool:
            assert proc.poll() is None, Path(log.name).read_text()
            state = read_state(data_dir)
            return bool(state and state.supervisor_pid == proc.pid and state.ready)

        _until(ready, 120, "the stack ready")
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
        log.close()


def test_a_sigkilled_supervisor_leaves_no_child_and_the_next_start_works(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with supervisor(data) as proc:
        state = read_state(data)
        assert state is not None
        assert set(state.children) == {"s3", "mail", "postgres", "broker"}
        groups = dict(state.children)
        assert all(group_members(pgid) for pgid in groups.values())
        proc.kill()
        proc.wait(10)
        _until(lambda: not any(group_members(g) for g in groups.values()), 30,
               f"every child of the killed supervisor gone: {groups}")
    with supervisor(data) as proc:
        again = read_state(data)
        assert again is not None
        assert port_is_open(again.ports["s3"]) and port_is_open(again.ports["kafka"])
    assert read_state(data) is None, "a clean stop removes the state file"


def test_a_start_kills_the_process_groups_a_dead_supervisor_left(tmp_path: Path) -> None:
    """Belt and braces for what the parent-death signal cannot catch (a grandchild, a
    child started from a thread that ended): the state file names the groups."""
    data = tmp_path / "data"
    data.mkdir()
    orphan = subprocess.Popen(["sleep", "600"], start_new_session=True)
    dead_supervisor = subprocess.Popen(["true"])
    dead_supervisor.wait()
    (data / "stack.json").write_text(json.dumps({
        "supervisor_pid": dead_supervisor.pid, "ports": {}, "http_ports": {},
        "children": {"s3": orphan.pid}, "commands": {"s3": "/usr/bin/sleep"}}))
    try:
        with supervisor(data):
            assert orphan.wait(10) == -signal.SIGKILL
    finally:
        if orphan.poll() is None:
            orphan.kill()


def test_the_supervisor_restarts_a_killed_child(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with supervisor(data):
        state = read_state(data)
        assert state is not None
        for name in ("mail", "s3"):
            before = read_state(data)
            assert before is not None
            os.killpg(before.children[name], signal.SIGKILL)

            def replaced(name: str = name, old: int = before.children[name]) -> bool:
                now = read_state(data)
                return bool(now and now.children[name] != old and group_members(now.children[name]))

            _until(replaced, 60, f"{name} restarted")
        port = {"mail": "mail_http", "s3": "s3"}
        assert all(port_is_open(state.ports[p]) for p in port.values())
