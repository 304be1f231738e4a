"""Our four services (and the web pages) as child processes: start, wait for /readyz, kill,
restart, stop."""

from __future__ import annotations

import hashlib
import hmac
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .ports import HOST, http_ok
from .proc import ChildProcess
from .stack import SERVICES, EmbeddedStack

HTTP_PORTS: dict[str, int] = {
    "intake": 8000,
    "documents": 8001,
    "examination": 8002,
    "notify": 8003,
}
WEB_HTTP_PORT = 8080  # residency-web, the pages (an HTTP client of intake, no stack of its own)


def service_executable(name: str) -> str:
    """`residency-<name>` console script installed next to the running interpreter."""
    path = Path(sys.executable).parent / f"residency-{name}"
    if not path.exists():
        raise FileNotFoundError(f"service executable not found: {path} (run `make install`)")
    return str(path)


class ServiceProcess:
    """One service process; tests may kill(SIGKILL) it and start() it again."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: Mapping[str, str],
        ready_url: str,
        log_path: Path | None = None,
    ) -> None:
        self.name, self.ready_url, self.env = name, ready_url, dict(env)
        log = log_path or Path("logs") / f"{name}.log"
        self.proc = ChildProcess(name, argv, log, env=env)

    @property
    def log_path(self) -> Path:
        return self.proc.log_path

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode

    def alive(self) -> bool:
        return self.proc.alive()

    def start(self) -> None:
        self.proc.start()

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until GET ready_url answers 200; StartupError (with log tail) if it dies first."""
        self.proc.wait_until(lambda: http_ok(self.ready_url), timeout, f"200 from {self.ready_url}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the service's process group and, for SIGKILL, reap it."""
        self.proc.send(sig)
        if sig == signal.SIGKILL and self.proc.popen is not None:
            self.proc.popen.wait(10)

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, bounded wait, then SIGKILL."""
        return self.proc.stop(timeout)

    def tail(self, lines: int = 30) -> str:
        return self.proc.tail(lines)


def service_envs(
    stack: EmbeddedStack,
    http_ports: Mapping[str, int] = HTTP_PORTS,
    base_env: Mapping[str, str] | None = None,
) -> dict[str, dict[str, str]]:
    """Per service: local defaults + base env + stack.service_env(name) + {P}HTTP_PORT +
    {P}HASH_SECRET."""
    base = dict(os.environ if base_env is None else base_env)
    return {name: LOCAL_DEFAULTS.get(name, {}) | base | run_env(stack, name, port)
            for name, port in http_ports.items()}


LOCAL_DEFAULTS = {"intake": {"INTAKE_THROTTLE_ENABLED": "false"}}
"""The local stack serves tests, demos and load runs from one address (127.0.0.1), so intake's
throttles are off unless the environment turns them on (INTAKE_THROTTLE_ENABLED=true)."""


SEALING_SERVICES = ("intake", "notify")  # seal / open the secrets in email commands


def run_env(stack: EmbeddedStack, name: str, http_port: int) -> dict[str, str]:
    """The variables the supervisor sets for one service (on top of the inherited env)."""
    p = name.upper() + "_"
    sealing = {f"{p}MAIL_SEALING_KEY": stack.credentials.mail_sealing_key} \
        if name in SEALING_SERVICES else {}
    return stack.service_env(name) | sealing | {
        f"{p}HTTP_PORT": str(http_port),
        f"{p}HASH_SECRET": stack.credentials.hash_secret,
    }


def build_services(
    stack: EmbeddedStack,
    http_ports: Mapping[str, int] = HTTP_PORTS,
    names: Sequence[str] = SERVICES,
    base_env: Mapping[str, str] | None = None,
) -> list[ServiceProcess]:
    envs = service_envs(stack, {n: http_ports[n] for n in names}, base_env)
    return [
        ServiceProcess(
            name,
            [service_executable(name)],
            envs[name],
            f"http://{HOST}:{http_ports[name]}/readyz",
            stack.logs_dir / f"{name}.log",
        )
        for name in names
    ]


def web_env(stack: EmbeddedStack, web_port: int, intake_port: int,
            base_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The pages' settings: intake's URL, the port, a session secret derived from the stack's."""
    secret = hmac.new(stack.credentials.hash_secret.encode(), b"residency-web-session",
                      hashlib.sha256).hexdigest()
    return dict(os.environ if base_env is None else base_env) | {
        "WEB_INTAKE_URL": f"http://{HOST}:{intake_port}",
        "WEB_HTTP_HOST": HOST,
        "WEB_HTTP_PORT": str(web_port),
        "WEB_SESSION_SECRET": secret,
    }


def build_web(stack: EmbeddedStack, web_port: int, intake_port: int,
              base_env: Mapping[str, str] | None = None) -> ServiceProcess:
    return ServiceProcess("web", [service_executable("web")],
                          web_env(stack, web_port, intake_port, base_env),
                          f"http://{HOST}:{web_port}/readyz", stack.logs_dir / "web.log")


def stop_all(services: Sequence[ServiceProcess], timeout: float = 10.0) -> None:
    """SIGTERM to all at once, then a bounded wait (SIGKILL when late) for each."""
    for service in services:
        if service.alive():
            service.kill(signal.SIGTERM)
    for service in services:
        service.stop(timeout)


def start_all(
    services: Sequence[ServiceProcess], timeout: float, abort: Callable[[], bool] = lambda: False
) -> None:
    for service in services:
        service.start()
    deadline = time.monotonic() + timeout
    for service in services:
        if abort():
            raise KeyboardInterrupt
        service.wait_ready(max(1.0, deadline - time.monotonic()))


def first_dead(services: Sequence[ServiceProcess]) -> ServiceProcess | None:
    return next((s for s in services if not s.alive()), None)


class RestartPolicy:
    """Restart a dead child, unless it keeps dying: more than `limit` restarts of one
    child within `window` seconds is a crash loop, and the supervisor gives up."""

    def __init__(self, limit: int = 5, window: float = 120.0) -> None:
        self.limit, self.window = limit, window
        self.history: dict[str, list[float]] = {}

    def allow(self, name: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        recent = [t for t in self.history.get(name, []) if now - t < self.window]
        recent.append(now)
        self.history[name] = recent
        return len(recent) <= self.limit

    def count(self, name: str) -> int:
        return len(self.history.get(name, []))


def restart_service(service: ServiceProcess) -> None:
    """Reap what is left of a dead service (its whole group) and start it again; not
    waiting for /readyz, so one slow service never holds up the restart of another."""
    service.stop(1.0)
    service.start()
