"""The snapshot table: percentiles from buckets, the interval of a run, one row per series."""

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from residency_messaging.metrics_report import format_table, quantile, snapshot


def test_quantiles_interpolate_within_the_bucket_as_prometheus_does() -> None:
    buckets = [(0.1, 50.0), (0.2, 90.0), (0.5, 100.0), (float("inf"), 100.0)]
    assert quantile(0.5, buckets) == pytest.approx(0.1)
    assert quantile(0.7, buckets) == pytest.approx(0.15)
    assert quantile(0.99, buckets) == pytest.approx(0.47)
    assert quantile(0.5, [(0.1, 0.0), (float("inf"), 0.0)]) is None


def test_a_quantile_beyond_the_last_bucket_is_its_bound() -> None:
    assert quantile(0.99, [(1.0, 10.0), (float("inf"), 20.0)]) == 1.0


def _exposition(requests: int, backlog: int, dead: int) -> str:
    registry = CollectorRegistry()
    http = Histogram("residency_http_request_duration_seconds", "", ("service", "method",
                     "route", "status"), registry=registry)
    for i in range(requests):
        http.labels("intake", "GET", "/api/applications/{application_id}", "200").observe(
            0.004 if i % 2 else 0.04)
    Gauge("residency_outbox_backlog", "", ("service",), registry=registry).labels(
        "intake").set(backlog)
    Counter("residency_dead_letters", "", ("service", "topic", "error"),
            registry=registry).labels("intake", "residency.status.v1", "PoisonMessage").inc(dead)
    Histogram("residency_intake_password_hash_seconds", "", ("scheme", "operation"),
              registry=registry).labels("hmac-sha256", "hash").observe(0.00002)
    return generate_latest(registry).decode()


def test_the_snapshot_has_one_row_per_series_with_counts_and_percentiles() -> None:
    rows = snapshot({"intake": _exposition(requests=10, backlog=3, dead=2)})
    by_kind = {r.kind: r for r in rows}
    http = by_kind["http"]
    assert (http.service, http.name, http.count) == (
        "intake", "GET /api/applications/{application_id} 200", 10)
    assert http.p50_s is not None and http.p99_s is not None
    assert 0.0 < http.p50_s <= 0.005 < http.p99_s <= 0.05
    assert (by_kind["outbox_backlog"].count, by_kind["dead_letters"].count) == (3, 2)
    assert by_kind["dead_letters"].name == "residency.status.v1 PoisonMessage"
    assert by_kind["hash"].service == "intake"  # from the source when the metric has no label


def test_with_a_baseline_counters_and_histograms_are_those_of_the_run_gauges_as_now() -> None:
    before = {"intake": _exposition(requests=4, backlog=9, dead=1)}
    after = {"intake": _exposition(requests=10, backlog=3, dead=1)}
    rows = {r.kind: r for r in snapshot(after, baseline=before)}
    assert rows["http"].count == 6
    assert rows["outbox_backlog"].count == 3
    assert rows["dead_letters"].count == 0
    assert "hash" not in rows  # nothing hashed during the run


def test_the_table_lists_milliseconds_under_a_header() -> None:
    table = format_table(snapshot({"intake": _exposition(requests=2, backlog=0, dead=0)}))
    lines = table.splitlines()
    assert lines[0].split() == ["service", "kind", "name", "count", "p50", "ms", "p99", "ms"]
    assert any("GET /api/applications/{application_id} 200" in line for line in lines)


def test_a_text_that_is_not_an_exposition_is_left_out() -> None:
    rows = snapshot({"intake": _exposition(requests=1, backlog=0, dead=0),
                     "notify": "<html>502 Bad Gateway</html>"})
    assert rows and {r.service for r in rows} == {"intake"}


def test_the_table_can_be_markdown_for_a_report() -> None:
    lines = format_table(snapshot({"intake": _exposition(requests=2, backlog=0, dead=0)}),
                         markdown=True).splitlines()
    assert lines[0].startswith("| service") and lines[0].endswith("|")
    assert set(lines[1]) <= {"|", "-", ":"} and lines[1].endswith(":|")
    assert all(line.startswith("| ") and line.count("|") == 7 for line in lines[2:])
