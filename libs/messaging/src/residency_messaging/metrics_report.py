"""A compact table from several services' `/metrics`: what the services saw, next to a load
client's view.

    texts = fetch({"intake": "http://127.0.0.1:8000/metrics", ...})
    ...  # the run
    rows = snapshot(fetch(urls), baseline=texts)   # counts and percentiles of the run only
    print(format_table(rows))

or `python -m residency_messaging.metrics_report intake=http://127.0.0.1:8000/metrics ...`.

One row per histogram series (HTTP route template, handler topic/group and outcome, document
check kind and verdict, password hash scheme, SMTP send outcome) with its count and p50/p99
estimated from the buckets as Prometheus' `histogram_quantile` does (linear within a bucket;
the highest finite bound when the quantile falls in `+Inf`); and one row per outbox backlog,
age of its oldest row, rows published, dead letters, ledger state. With a `baseline` (an
earlier scrape of the same processes) counters and histograms are the difference; gauges are
as now. A service restarted in between shows its counts since the restart.
"""

import math
import sys
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families

LabelSet = tuple[tuple[str, str], ...]
Samples = dict[tuple[str, LabelSet], float]

HISTOGRAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    # metric: (kind, the labels that name a row, in order)
    "residency_http_request_duration_seconds": ("http", ("method", "route", "status")),
    "residency_handler_duration_seconds": ("handler", ("group", "topic", "outcome")),
    "residency_documents_check_duration_seconds": ("check", ("kind", "code")),
    "residency_intake_password_hash_seconds": ("hash", ("scheme", "operation")),
    "residency_notify_send_duration_seconds": ("smtp_send", ("outcome",)),
}
VALUES: dict[str, tuple[str, tuple[str, ...], bool]] = {
    # sample name: (kind, naming labels, is a counter (baseline subtracted))
    "residency_outbox_backlog": ("outbox_backlog", (), False),
    "residency_outbox_oldest_age_seconds": ("outbox_oldest_age_s", (), False),
    "residency_outbox_published_total": ("outbox_published", ("topic",), True),
    "residency_dead_letters_total": ("dead_letters", ("topic", "error"), True),
    "residency_handler_failed_attempts_total": ("failed_attempts", ("topic", "error"), True),
    "residency_notify_mail_ledger": ("mail_ledger", ("status",), False),
    "residency_metrics_probe_failures_total": ("probe_failures", ("probe",), True),
}


@dataclass(frozen=True)
class Row:
    service: str
    kind: str
    """http, handler, check, hash, smtp_send (histograms); outbox_backlog, outbox_oldest_age_s,
    outbox_published, dead_letters, failed_attempts, mail_ledger, probe_failures (values)."""
    name: str
    count: float
    """Observations (histograms) or the value."""
    p50_s: float | None = None
    p99_s: float | None = None


def parse(text: str) -> Samples:
    """Every sample of a Prometheus text exposition, by (sample name, sorted labels)."""
    out: Samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def delta(now: Samples, before: Samples) -> Samples:
    """`now` less `before` for counters and histograms (sample-wise, never below zero: a
    restarted process counts from zero again); gauges as in `now`."""
    counters = {n for n, (_k, _l, is_counter) in VALUES.items() if is_counter}
    out: Samples = {}
    for key, value in now.items():
        name = key[0]
        cumulative = name in counters or any(
            name in (f"{h}_bucket", f"{h}_count", f"{h}_sum") for h in HISTOGRAMS)
        if cumulative:
            earlier = before.get(key, 0.0)
            value = value - earlier if value >= earlier else value
        out[key] = value
    return out


def quantile(q: float, buckets: Iterable[tuple[float, float]]) -> float | None:
    """`histogram_quantile(q)` over cumulative (upper bound, count) buckets; None if empty."""
    ordered = sorted(buckets)
    if not ordered or ordered[-1][1] <= 0:
        return None
    rank = q * ordered[-1][1]
    lower, below = 0.0, 0.0
    for bound, count in ordered:
        if count >= rank:
            if math.isinf(bound):
                return lower  # beyond the highest finite bucket: its bound, as Prometheus
            if count == below:
                return bound
            return lower + (bound - lower) * (rank - below) / (count - below)
        lower, below = bound, count
    return lower


def _name(labels: dict[str, str], naming: tuple[str, ...]) -> str:
    parts = [labels.get(n, "") for n in naming]
    if naming[:2] == ("group", "topic"):  # a group is `<consumer>.<topic>`: show one of them
        parts = [parts[0] or parts[1], *parts[2:]]
    return " ".join(p for p in parts if p)


def rows_of(service: str, samples: Samples) -> list[Row]:
    """The rows of one service's samples (`service` unless a sample names its own)."""
    buckets: dict[tuple[str, LabelSet], list[tuple[float, float]]] = defaultdict(list)
    counts: dict[tuple[str, LabelSet], float] = {}
    rows: list[Row] = []
    for (name, labelset), value in samples.items():
        labels = dict(labelset)
        for metric in HISTOGRAMS:
            if name == f"{metric}_bucket":
                key = (metric, tuple(kv for kv in labelset if kv[0] != "le"))
                buckets[key].append((float(labels["le"]), value))
            elif name == f"{metric}_count":
                counts[(metric, labelset)] = value
        if name in VALUES:
            kind, naming, _ = VALUES[name]
            rows.append(Row(labels.get("service") or service, kind, _name(labels, naming) or "-",
                            value))
    for (metric, labelset), count in counts.items():
        if count <= 0:
            continue
        labels = dict(labelset)
        kind, naming = HISTOGRAMS[metric]
        found = buckets.get((metric, labelset), [])
        rows.append(Row(labels.get("service") or service, kind, _name(labels, naming), count,
                        quantile(0.5, found), quantile(0.99, found)))
    return rows


def snapshot(texts: Mapping[str, str], baseline: Mapping[str, str] | None = None) -> list[Row]:
    """Rows from each service's exposition text (keyed by service), sorted by service, kind
    and name; with `baseline` (texts of an earlier scrape) counts are of the interval. A text
    that does not parse is left out."""
    rows: set[Row] = set()  # several services of one process (tests) expose the same rows
    for service, text in texts.items():
        try:
            samples = parse(text)
            if baseline and service in baseline:
                samples = delta(samples, parse(baseline[service]))
        except ValueError:  # not an exposition (a proxy's error page): left out
            continue
        rows.update(rows_of(service, samples))
    return sorted(rows, key=lambda r: (r.service, r.kind, r.name))


def fetch(urls: Mapping[str, str], timeout_s: float = 5.0) -> dict[str, str]:
    """Each service's `/metrics` text ({service: url}); a service that does not answer is
    left out (blocking: call from a thread in async code)."""
    texts: dict[str, str] = {}
    for service, url in urls.items():
        try:
            with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310 - operator-given URLs
                texts[service] = response.read().decode()
        except OSError:
            continue
    return texts


def _fmt(value: float | None, seconds: bool) -> str:
    if value is None:
        return "-"
    if seconds:
        return f"{value * 1000:.1f}"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def format_table(rows: Iterable[Row], *, markdown: bool = False) -> str:
    """A fixed-width table: service, kind, name, count, p50 and p99 in milliseconds; with
    `markdown`, a Markdown table (aligned the same way), ready for a report."""
    header = ("service", "kind", "name", "count", "p50 ms", "p99 ms")
    body = [(r.service, r.kind, r.name, _fmt(r.count, False), _fmt(r.p50_s, True),
             _fmt(r.p99_s, True)) for r in rows]
    widths = [max(len(str(c)) for c in col) for col in zip(header, *body, strict=False)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [c.ljust(w) if i < 3 else c.rjust(w)
                  for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return f"| {' | '.join(padded)} |" if markdown else "  ".join(padded)

    lines = [line(header)]
    if markdown:
        lines.append("|" + "|".join(("-" * (w + 1) + ":") if i >= 3 else "-" * (w + 2)
                                    for i, w in enumerate(widths)) + "|")
    lines.extend(line(cells) for cells in body)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m residency_messaging.metrics_report service=url ...`: print the table."""
    args = sys.argv[1:] if argv is None else argv
    urls = dict(a.split("=", 1) for a in args if "=" in a)
    if not urls:
        print("usage: python -m residency_messaging.metrics_report service=URL ...",
              file=sys.stderr)
        return 2
    print(format_table(snapshot(fetch(urls))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
