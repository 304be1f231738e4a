"""`residency-stack run|up|env`: the whole system on one machine, no Docker."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from .logecho import LogEcho
from .ports import HOST
from .proc import StartupError
from .stack import SERVICES, EmbeddedStack
from .supervisor import (
    HTTP_PORTS,
    build_services,
    first_dead,
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


def _print_urls(stack: EmbeddedStack, with_services: bool) -> None:
    print("\nResidency Online is running (Ctrl-C to stop):", flush=True)
    if with_services:
        for name in SERVICES:
            extra = (
                f"   API docs: http://{HOST}:{HTTP_PORTS[name]}/docs" if name == "intake" else ""
            )
            print(f"  {name:<12} http://{HOST}:{HTTP_PORTS[name]}{extra}")
    print(f"  {'mail inbox':<12} {stack.mail_api_url}")
    print(f"  {'kafka':<12} {stack.kafka_bootstrap}")
    print(f"  {'s3':<12} http://{stack.s3_endpoint}  (access key {stack.s3_access_key})")
    print(f"  {'postgres':<12} {HOST}:{stack.ports.postgres}  user postgres, databases "
          f"{', '.join(SERVICES)}")  # fmt: skip
    print(f"  {'smtp':<12} {stack.smtp_host}:{stack.smtp_port}")
    print(f"  {'secrets':<12} {stack.data_dir / 'secrets.json'}  (logs in {stack.logs_dir})")
    print(flush=True)


def run(data_dir: Path, with_services: bool, timeout: float, echo: bool) -> int:
    stop = _Stop()
    stack = EmbeddedStack(data_dir)
    services = build_services(stack) if with_services else []  # fails early if missing
    code = 0
    try:
        print(f"starting the embedded stack in {stack.data_dir} ...", flush=True)
        stack.start()
        print(f"stack ready in {stack.start_seconds:.1f}s", flush=True)
        if echo and services:
            LogEcho(services, stop.event).start()
        start_all(services, timeout, abort=stop.event.is_set)
        stop.starting = False
        _print_urls(stack, with_services)
        while not stop.event.wait(0.5):
            dead = first_dead(services)
            if dead is not None:
                print(f"\n{dead.name} exited with code {dead.returncode}; last log lines "
                      f"({dead.log_path}):\n{dead.tail(40)}", file=sys.stderr, flush=True)  # fmt: skip
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
        stop.event.set()
        print("stopped", flush=True)
    return code


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="residency-stack", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("run", "stack + the four services"), ("up", "stack only")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--data-dir", type=Path, default=Path(".data"))
        cmd.add_argument("--timeout", type=float, default=90.0, help="service readiness (s)")
        cmd.add_argument("--no-echo", action="store_true", help="do not echo service logs")
    env_cmd = sub.add_parser("env", help="print a service's environment (shell syntax)")
    env_cmd.add_argument("service", choices=SERVICES)
    env_cmd.add_argument("--data-dir", type=Path, default=Path(".data"))
    args = parser.parse_args(argv)
    if args.command == "env":
        stack = EmbeddedStack(args.data_dir)
        for key, value in run_env(stack, args.service, HTTP_PORTS[args.service]).items():
            print(f"export {key}='{value}'")
        return
    sys.exit(run(args.data_dir, args.command == "run", args.timeout, not args.no_echo))


if __name__ == "__main__":
    main()
