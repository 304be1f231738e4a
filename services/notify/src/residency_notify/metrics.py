"""notify's metrics: the send ledger by state (read at scrape time) and SMTP send time."""

import contextlib

import asyncpg
from residency_messaging.metrics import SCRAPE_TIMEOUT_S, Probe, gauge, histogram

STATES = ("pending", "sending", "sent", "failed")

LEDGER = gauge(
    "residency_notify_mail_ledger",
    "Rows of the send ledger by state, at scrape time: pending (waiting for a retry), "
    "sending, sent, failed.", ("service", "status"))
SEND_SECONDS = histogram(
    "residency_notify_send_duration_seconds",
    "SMTP sends (one message on a reused connection), by outcome: sent, refused_permanent, "
    "refused_temporary, error (server unreachable or the session broke).", ("outcome",),
    buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))


async def _ledger(service: str, pool: asyncpg.Pool) -> None:
    """Open states through the partial index `sent_mail_open`; then `sent`, a count of the
    whole ledger (bounded by the timeout: on a very large ledger `sent` alone goes absent)."""
    async with pool.acquire(timeout=SCRAPE_TIMEOUT_S) as conn:
        rows = await conn.fetch(
            "SELECT status, count(*) AS n FROM sent_mail WHERE status <> 'sent' GROUP BY status",
            timeout=SCRAPE_TIMEOUT_S / 2)
        counts = dict.fromkeys(STATES, 0) | {r["status"]: r["n"] for r in rows}
        for status in ("pending", "sending", "failed"):
            LEDGER.labels(service, status).set(counts[status])
        try:
            sent = await conn.fetchval("SELECT count(*) FROM sent_mail WHERE status = 'sent'",
                                       timeout=SCRAPE_TIMEOUT_S / 2)
        except TimeoutError:  # the open states are still shown
            with contextlib.suppress(KeyError):
                LEDGER.remove(service, "sent")
        else:
            LEDGER.labels(service, "sent").set(sent)


LEDGER_PROBE = Probe("mail_ledger", _ledger, (LEDGER,))
