"""EmbeddedStack: S3 (SeaweedFS), Kafka (Tansu), PostgreSQL and a mail sink, as children."""

from __future__ import annotations

import atexit
import sys
import time
from pathlib import Path
from types import TracebackType

from . import postgres, signing
from .broker import broker_process
from .credentials import load_or_create, private_dir
from .ports import HOST, StackPorts, http_ok, port_is_open
from .proc import ChildProcess, StartupError
from .s3 import ensure_buckets, remove_stale_sockets, s3_client, weed_process

SERVICES = ("intake", "documents", "examination", "notify")


class EmbeddedStack:
    """The local infrastructure. State lives in `data_dir` and survives restarts."""

    def __init__(
        self,
        data_dir: Path,
        ports: StackPorts = StackPorts(),  # noqa: B008 (frozen, immutable)
        *,
        durable: bool = True,
        timeout: float = 60.0,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        private_dir(self.data_dir)  # mail with passwords and links, objects: owner only
        self.ports, self.durable, self.timeout = ports, durable, timeout
        self.credentials = load_or_create(self.data_dir)
        self.logs_dir = self.data_dir / "logs"
        self.start_seconds: float | None = None
        # addresses and credentials (fixed for the lifetime of the object)
        self.kafka_bootstrap = f"{HOST}:{ports.kafka}"
        self.s3_endpoint = f"{HOST}:{ports.s3}"  # host:port, no scheme
        self.s3_access_key = self.credentials.s3_access_key
        self.s3_secret_key = self.credentials.s3_secret_key
        self.smtp_host, self.smtp_port = HOST, ports.smtp
        self.mail_api_url = f"http://{HOST}:{ports.mail_http}"
        self._procs: dict[str, ChildProcess] = {}

    def database_url(self, dbname: str) -> str:
        return postgres.database_url(self.ports, self.credentials, dbname)

    def service_env(self, service: str) -> dict[str, str]:
        """Environment for one of our services (prefix = service name upper-cased + "_")."""
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}; expected one of {SERVICES}")
        p = service.upper() + "_"
        return {
            f"{p}KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            f"{p}DATABASE_URL": self.database_url(service),
            f"{p}S3_ENDPOINT": self.s3_endpoint,
            f"{p}S3_ACCESS_KEY": self.s3_access_key,
            f"{p}S3_SECRET_KEY": self.s3_secret_key,
            f"{p}S3_SECURE": "false",
            f"{p}SMTP_HOST": self.smtp_host,
            f"{p}SMTP_PORT": str(self.smtp_port),
        } | signing.service_env(service, self.data_dir)

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> EmbeddedStack:
        """Start everything and wait until each part really answers. Call from the main
        thread (children get a parent-death signal tied to the starting thread)."""
        if busy := self.ports.busy():
            raise StartupError(f"ports already in use: {busy} (another stack running?)")
        if self._procs:
            raise RuntimeError("stack already started")
        t0 = time.monotonic()
        atexit.register(self.stop)
        try:
            self._start_all()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - t0
        return self

    def _start_all(self) -> None:
        d, ports, creds = self.data_dir, self.ports, self.credentials
        self._spawn("s3", weed_process(d, ports, creds))
        mail_argv = [sys.executable, "-m", "residency_devstack.mailsink", "--data-dir", str(d),
                     "--smtp-port", str(ports.smtp), "--http-port", str(ports.mail_http)]  # fmt: skip
        self._spawn("mail", ChildProcess("mail sink", mail_argv, self.logs_dir / "mail.log"))
        pgdata = postgres.init_cluster(d, creds)  # runs while weed boots
        self._spawn("postgres", postgres.postgres_process(d, ports, pgdata, self.durable))
        self._wait_ready("s3")
        self._spawn("broker", broker_process(d, ports, creds))
        self._wait_ready("postgres")
        postgres.create_databases(ports, creds, self._procs["postgres"].log_path)
        self._wait_ready("broker")
        self._wait_ready("mail")

    def _wait_ready(self, name: str) -> None:
        ports, client = self.ports, s3_client(self.s3_endpoint, self.credentials)
        check, what = {
            "s3": (lambda: ensure_buckets(client), "S3 answering with buckets"),
            "broker": (lambda: port_is_open(ports.kafka), "listening"),
            "postgres": (lambda: postgres.is_ready(ports), "accepting connections"),
            "mail": (lambda: http_ok(f"{self.mail_api_url}/healthz") and port_is_open(ports.smtp),
                     "answering SMTP and HTTP"),
        }[name]  # fmt: skip
        self._procs[name].wait_until(check, self.timeout, what)

    def _spawn(self, key: str, proc: ChildProcess) -> ChildProcess:
        self._procs[key] = proc
        proc.start()
        return proc

    def restart(self, name: str, *, kill: bool = False) -> None:
        """Stop (or SIGKILL) one part — "s3", "broker", "postgres" or "mail" — start it
        again and wait until it answers. For outage tests; state is kept."""
        proc = self._procs[name]
        if kill:
            proc.kill()
        proc.stop()
        if name == "s3":
            remove_stale_sockets(self.ports)
        proc.start()
        self._wait_ready(name)

    def dead(self) -> list[str]:
        """The parts ("s3", "broker", "postgres", "mail") whose process has exited."""
        return [name for name, proc in self._procs.items() if not proc.alive()]

    def stop(self, timeout: float = 15.0) -> None:
        """Graceful stop (broker, postgres and mail together, then S3), SIGKILL when late."""
        atexit.unregister(self.stop)
        first = [self._procs[k] for k in ("broker", "mail", "postgres") if k in self._procs]
        for proc in first:
            proc.send(proc.stop_signal)
        for proc in first:
            proc.stop(timeout)
        if "s3" in self._procs:
            self._procs["s3"].stop(timeout)
            remove_stale_sockets(self.ports)
        self._procs.clear()

    def processes(self) -> dict[str, ChildProcess]:
        return dict(self._procs)

    def __enter__(self) -> EmbeddedStack:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self.stop()
