"""Where the system under load is: `make run`'s addresses by default, a running
`residency-stack` found by its data directory (DATA/stack.json + secrets.json), or flags."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from residency_contracts.topics import SERVICES

from .service_metrics import metrics_urls

HOST = "127.0.0.1"


@dataclass
class Target:
    host: str = f"http://{HOST}:8000"
    mail_url: str = f"http://{HOST}:8025"
    kafka: str = f"{HOST}:9092"
    db_urls: dict[str, str] = field(default_factory=dict)  # service -> PostgreSQL URL
    data_dir: Path | None = None  # a local supervisor's: chaos needs it
    seed_env: dict[str, str] = field(default_factory=dict)  # for residency-create-*
    metrics_urls: dict[str, str] = field(default_factory=metrics_urls)  # service -> /metrics

    def db_url(self, service: str) -> str:
        try:
            return self.db_urls[service]
        except KeyError:
            raise SystemExit(f"no database URL for {service}: pass --db-url or --data-dir") \
                from None


def _pg_url(port: int, password: str, dbname: str) -> str:
    return f"postgresql://postgres:{quote(password, safe='')}@{HOST}:{port}/{dbname}"


def from_data_dir(data_dir: Path) -> Target:
    """A stack run by `residency-stack run --data-dir DATA` (its ports from stack.json when
    it wrote one, else make run's), with the PostgreSQL password from secrets.json."""
    data_dir = Path(data_dir)
    secrets = json.loads((data_dir / "secrets.json").read_text(encoding="utf-8"))
    ports = {"kafka": 9092, "postgres": 5432, "mail_http": 8025}
    http = {"intake": 8000}
    state_file = data_dir / "stack.json"
    if state_file.exists():
        state = json.loads(state_file.read_text(encoding="utf-8"))
        ports, http = state["ports"], state["http_ports"]
    return Target(
        host=f"http://{HOST}:{http['intake']}",
        mail_url=f"http://{HOST}:{ports['mail_http']}",
        kafka=f"{HOST}:{ports['kafka']}",
        db_urls={s: _pg_url(ports["postgres"], secrets["postgres_password"], s)
                 for s in SERVICES},
        data_dir=data_dir,
        metrics_urls=metrics_urls(http),
        seed_env={"INTAKE_S3_ACCESS_KEY": secrets["s3_access_key"],
                  "INTAKE_S3_SECRET_KEY": secrets["s3_secret_key"],
                  "INTAKE_HASH_SECRET": secrets["hash_secret"],
                  "INTAKE_MAIL_SEALING_KEY": secrets["mail_sealing_key"],
                  "INTAKE_KAFKA_BOOTSTRAP": f"{HOST}:{ports['kafka']}",
                  "INTAKE_S3_ENDPOINT": f"{HOST}:{ports['s3']}"},
    )


def db_urls_from(template: str) -> dict[str, str]:
    """--db-url: one URL with `{service}` standing for the database name, or the URL of
    intake's database whose last path segment is replaced by each service's name."""
    if "{service}" in template:
        return {s: template.format(service=s) for s in SERVICES}
    base, _, _db = template.rpartition("/")
    return {s: f"{base}/{s}" for s in SERVICES}
