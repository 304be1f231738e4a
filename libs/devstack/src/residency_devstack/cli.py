"""`residency-stack run|up|env`: the whole system on one machine, no Docker."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

from .logecho import LogEcho
from .ports import HOST, StackPorts, free_port
from .proc import StartupError
from .runstate import StackState, clean_stale, remove_state, write_state
from .stack import SERVICES, EmbeddedStack
from .supervisor import (
    HTTP_PORTS,
    WEB_HTTP_PORT,
    RestartPolicy,
    ServiceProcess,
    build_services,
    build_web,
    restart_service,
    run_env,
    start_all,
    stop_all,
)


class _Stop:
    """SIGINT/SIGTERM: abort start-up (KeyboardInterrupt), later just set the event."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.starting = True
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, sig: int, frame: FrameType | None) -> None:
        self.event.set()
        if self.starting:
            raise KeyboardInterrupt


def _print_urls(stack: EmbeddedStack, with_services: bool, http_ports: Mapping[str, int]) -> None:
    print("\nResidency Online is running (Ctrl-C to stop):", flush=True)
    if with_services:
        for name in SERVICES:
            extra = (
                f"   API docs: http://{HOST}:{http_ports[name]}/docs" if name == "intake" else ""
            )
            print(f"  {name:<12} http://{HOST}:{http_ports[name]}{extra}")
        print(f"  {'web pages':<12} http://{HOST}:{http_ports.get('web', WEB_HTTP_PORT)}/")
    print(f"  {'mail inbox':<12} {stack.mail_api_url}")
    print(f"  {'kafka':<12} {stack.kafka_bootstrap}")
    print(f"  {'s3':<12} http://{stack.s3_endpoint}  (access key {stack.s3_access_key})")
    print(f"  {'postgres':<12} {HOST}:{stack.ports.postgres}  user postgres, databases "
          f"{', '.join(SERVICES)}")  # fmt: skip
    print(f"  {'smtp':<12} {stack.smtp_host}:{stack.smtp_port}")
    print(f"  {'secrets':<12} {stack.data_dir / 'secrets.json'}  (logs in {stack.logs_dir})")
    print(flush=True)


class _Supervision:
    """Keeps DATA/stack.json current and restarts a child that died (SIGKILL, crash)."""

    def __init__(self, stack: EmbeddedStack, services: Sequence[ServiceProcess],
                 http_ports: Mapping[str, int], timeout: float, restart: bool) -> None:
        self.stack, self.services, self.timeout, self.restart = stack, services, timeout, restart
        self.policy = RestartPolicy()
        self.state = StackState(
            supervisor_pid=os.getpid(),
            ports={k: int(v) for k, v in vars(stack.ports).items()},
            http_ports={s.name: http_ports.get(s.name, WEB_HTTP_PORT) for s in services})

    def record(self, ready: bool) -> None:
        children = {n: p for n, p in self.stack.processes().items()} | {
            s.name: s.proc for s in self.services}
        self.state.children = {n: p.pid for n, p in children.items() if p.pid is not None}
        self.state.commands = {n: p.argv[0] for n, p in children.items()}
        self.state.restarts = {n: self.policy.count(n) for n in self.policy.history}
        self.state.ready = ready
        write_state(self.stack.data_dir, self.state)

    def check(self) -> str | None:
        """Restart whatever died; the name of a child given up on (or that died with
        restarts off), else None."""
        # the infrastructure first: a service restarted before its database would only wait
        dead = self.stack.dead() + [s.name for s in self.services if not s.alive()]
        if not dead:
            return None
        if not self.restart:
            return dead[0]
        for name in dead:
            if not self.policy.allow(name):
                return name
            print(f"\n{name} died; restarting it", file=sys.stderr, flush=True)
            try:
                if name in self.stack.processes():
                    self.stack.restart(name)
                else:
                    service = next(s for s in self.services if s.name == name)
                    restart_service(service)
            except StartupError as exc:  # tried again on the next check
                print(f"restarting {name} failed: {exc}", file=sys.stderr, flush=True)
            self.record(ready=True)
        return None


def links_to_pages(environ: Mapping[str, str], web_port: int) -> dict[str, str]:
    """The environment with the emailed links pointed at the web pages: intake's (registration,
    password reset, email change) and examination's CESR receipt link, which the pages serve
    at the same paths. A value the operator set is kept."""
    pages = f"http://{HOST}:{web_port}"
    return dict(environ) | {
        "INTAKE_PUBLIC_BASE_URL": environ.get("INTAKE_PUBLIC_BASE_URL", pages),
        "EXAMINATION_CESR_RECEIPT_URL": environ.get("EXAMINATION_CESR_RECEIPT_URL",
                                                    f"{pages}/cesr-receipts"),
    }


def run(data_dir: Path, with_services: bool, timeout: float, echo: bool,
        ports: StackPorts | None = None, http_ports: Mapping[str, int] = HTTP_PORTS,
        restart: bool = True) -> int:
    stop = _Stop()
    try:
        left = clean_stale(data_dir)
    except RuntimeError as exc:
        print(f"start-up refused: {exc}", file=sys.stderr, flush=True)
        return 1
    if left:
        print(f"killed what a previous supervisor left running: {', '.join(left)}", flush=True)
    stack = EmbeddedStack(data_dir, ports or StackPorts())
    web_port = http_ports.get("web", WEB_HTTP_PORT)
    base = links_to_pages(os.environ, web_port)
    services = build_services(stack, http_ports, base_env=base) if with_services else []
    if with_services:  # (built before starting anything: a missing executable fails early)
        services.append(build_web(stack, web_port, http_ports["intake"]))
    supervision = _Supervision(stack, services, http_ports, timeout, restart)
    code = 0
    try:
        print(f"starting the embedded stack in {stack.data_dir} ...", flush=True)
        supervision.record(ready=False)  # before any child: a kill -9 now leaves no orphan
        stack.start()
        supervision.record(ready=False)
        print(f"stack ready in {stack.start_seconds:.1f}s", flush=True)
        if echo and services:
            LogEcho(services, stop.event).start()
        start_all(services, timeout, abort=stop.event.is_set)
        supervision.record(ready=True)
        stop.starting = False
        _print_urls(stack, with_services, http_ports)
        while not stop.event.wait(0.5):
            gone = supervision.check()
            if gone is not None:
                dead = next((s for s in services if s.name == gone), None)
                tail = dead.tail(40) if dead else stack.processes()[gone].tail(40)
                print(f"\n{gone} exited and is not restarted; last log lines:\n{tail}",
                      file=sys.stderr, flush=True)
                code = 1
                break
    except KeyboardInterrupt:
        print("\ninterrupted", flush=True)
    except (StartupError, FileNotFoundError) as exc:
        print(f"\nstart-up failed: {exc}", file=sys.stderr, flush=True)
        code = 1
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):  # shutdown is bounded: let it finish
            signal.signal(sig, signal.SIG_IGN)
        print("stopping ...", flush=True)
        stop_all(services)
        stack.stop()
        remove_state(stack.data_dir)
        stop.event.set()
        print("stopped", flush=True)
    return code


def _free_ports() -> tuple[StackPorts, dict[str, int]]:
    stack_ports = StackPorts.free()
    taken = set(vars(stack_ports).values())
    http: dict[str, int] = {}
    for name in (*SERVICES, "web"):
        port = free_port()
        while port in taken:
            port = free_port()
        taken.add(port)
        http[name] = port
    return stack_ports, http


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="residency-stack", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("run", "stack + the four services"), ("up", "stack only")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--data-dir", type=Path, default=Path(".data"))
        cmd.add_argument("--timeout", type=float, default=90.0, help="service readiness (s)")
        cmd.add_argument("--no-echo", action="store_true", help="do not echo service logs")
        cmd.add_argument("--free-ports", action="store_true",
                         help="every port chosen free (see DATA/stack.json), not make run's")
        cmd.add_argument("--no-restart", action="store_true",
                         help="stop everything when a child dies instead of restarting it")
    env_cmd = sub.add_parser("env", help="print a service's environment (shell syntax)")
    env_cmd.add_argument("service", choices=SERVICES)
    env_cmd.add_argument("--data-dir", type=Path, default=Path(".data"))
    args = parser.parse_args(argv)
    if args.command == "env":
        stack = EmbeddedStack(args.data_dir)
        for key, value in run_env(stack, args.service, HTTP_PORTS[args.service]).items():
            print(f"export {key}='{value}'")
        return
    ports, http_ports = _free_ports() if args.free_ports else (StackPorts(), dict(HTTP_PORTS))
    sys.exit(run(args.data_dir, args.command == "run", args.timeout, not args.no_echo, ports,
                 http_ports, restart=not args.no_restart))


if __name__ == "__main__":
    main()
