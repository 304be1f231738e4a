"""intake's instants as the pages show them: Japan time to the minute (no I/O)."""

from __future__ import annotations

from datetime import datetime

from .session_clock import JAPAN


def japan_minute(value: str | None) -> str:
    """`2026-04-01T00:30:00Z` → `2026-04-01 09:30`; "" for none; naive values as they are."""
    if not value:
        return ""
    at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if at.tzinfo is not None:
        at = at.astimezone(JAPAN)
    return at.strftime("%Y-%m-%d %H:%M")
