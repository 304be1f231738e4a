"""residency-load's table of the services' own metrics over a run."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from residency_load.service_metrics import metrics_urls, scrape, table


def test_each_service_is_scraped_on_its_http_port_make_runs_by_default() -> None:
    assert metrics_urls() == {
        "intake": "http://127.0.0.1:8000/metrics", "documents": "http://127.0.0.1:8001/metrics",
        "examination": "http://127.0.0.1:8002/metrics", "notify": "http://127.0.0.1:8003/metrics"}
    assert metrics_urls({"notify": 1234})["notify"] == "http://127.0.0.1:1234/metrics"


class _Exposition:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.sends = Histogram("residency_notify_send_duration_seconds", "", ("outcome",),
                               registry=self.registry)


@pytest.fixture
def notify_metrics() -> Iterator[tuple[_Exposition, str]]:
    exposition = _Exposition()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = generate_latest(exposition.registry)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield exposition, f"http://127.0.0.1:{server.server_address[1]}/metrics"
    finally:
        server.shutdown()
        server.server_close()


def test_the_table_shows_what_the_services_did_during_the_run(notify_metrics) -> None:  # type: ignore[no-untyped-def]
    exposition, url = notify_metrics
    exposition.sends.labels("sent").observe(0.01)  # before the run: not counted
    urls = {"notify": url, "intake": "http://127.0.0.1:9/metrics"}  # intake does not answer
    before = scrape(urls)
    for _ in range(3):
        exposition.sends.labels("sent").observe(0.02)
    [header, _rule, row] = table(urls, before).splitlines()
    assert [c.strip() for c in header.split("|")[1:5]] == ["service", "kind", "name", "count"]
    assert [c.strip() for c in row.split("|")[1:5]] == ["notify", "smtp_send", "sent", "3"]


def test_no_service_answering_is_said_plainly() -> None:
    assert table({"intake": "http://127.0.0.1:9/metrics"}, {}) == \
        "(no service answered on /metrics)"
