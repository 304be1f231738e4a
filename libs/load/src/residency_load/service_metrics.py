"""The services' own view of a run, next to the client's: each service's `/metrics` scraped
before and after, turned into one table (`residency_messaging.metrics_report`): HTTP p50/p99
by route, handlers by topic and outcome, check and hash times, outbox backlog, dead letters,
the mail ledger. Counts are those of the run (a service restarted by chaos counts from its
restart); a service that does not answer is left out. A Markdown table, for the README."""

from __future__ import annotations

from collections.abc import Mapping

from residency_contracts.topics import SERVICES
from residency_messaging.metrics_report import fetch, format_table, snapshot

HOST = "127.0.0.1"
MAKE_RUN_PORTS = {"intake": 8000, "documents": 8001, "examination": 8002, "notify": 8003}


def metrics_urls(http_ports: Mapping[str, int] | None = None) -> dict[str, str]:
    ports = {**MAKE_RUN_PORTS, **(http_ports or {})}
    return {s: f"http://{HOST}:{ports[s]}/metrics" for s in SERVICES if s in ports}


def scrape(urls: Mapping[str, str]) -> dict[str, str]:
    return fetch(urls, timeout_s=10)


def table(urls: Mapping[str, str], before: Mapping[str, str]) -> str:
    after = scrape(urls)
    if not after:
        return "(no service answered on /metrics)"
    return format_table(snapshot(after, baseline=before), markdown=True)
