"""A burst of filings for examination's drain and crash tests, and the wait for all of their
status events (申請完了 then the provisional number's, sequences 1 and 2)."""

import time
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from residency_contracts import ApplicationFiled, Procedure
from residency_contracts.topics import STATUS

from tests.helpers import TopicReader


def filings(tag: str, n: int) -> list[ApplicationFiled]:
    """`n` EXT filings at the 東 bureau, each with an address and applicant of its own
    (`<tag>-<i>`), so that none is held back as a duplicate of another."""
    return [ApplicationFiled(
        application_id=uuid4(), procedure=Procedure.EXT, organization_id=None,
        bureau="東", reference_number=f"{i:010d}", filed_at=datetime.now(UTC),
        notification_emails=[f"{tag}-{i}@example.com"], applicant_key=f"{tag}-{i}")
        for i in range(n)]


async def both_status_events(stack: Any, apps: Collection[UUID]) -> tuple[list[dict], float]:
    """Wait (up to 120 s) until both status events of every application in `apps` are on the
    wire; their records as read (a repeat included) and when the last one was seen."""
    wanted = {str(a) for a in apps}

    def ours(reader: TopicReader) -> list[dict]:
        return [v for v in reader.values(STATUS.name) if v.get("application_id") in wanted]

    def complete(reader: TopicReader) -> bool:
        return len({(v["application_id"], v["sequence"]) for v in ours(reader)}) == 2 * len(apps)

    async with TopicReader(stack.kafka_bootstrap, STATUS.name) as reader:
        await reader.until(complete, timeout=120, what=f"both statuses of all {len(apps)} filings")
        t_done = time.monotonic()
        return ours(reader), t_done
