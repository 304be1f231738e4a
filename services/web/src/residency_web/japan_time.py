"""intake's instants as the pages show them: Japan time, one form per language (no I/O).

Japanese pages write 2026年12月02日 10:30 (the manual's form, Japan time understood);
English pages write 2026-12-02 10:30 JST. Dates alone: 2026年12月02日 / 2026-12-02."""

from __future__ import annotations

from datetime import datetime

from jinja2 import pass_context
from jinja2.runtime import Context

from .session_clock import JAPAN


def _in_japan(value: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at.astimezone(JAPAN) if at.tzinfo is not None else at


def japan_datetime(value: str | None, lang: str) -> str:
    """An instant to the minute in Japan time: `2026-12-02T01:30:00Z` →
    `2026年12月02日 10:30` (ja) / `2026-12-02 10:30 JST` (en); "" for none; a value that is
    no date-time as it came; a naive one as it is (no zone added)."""
    if not value:
        return ""
    at = _in_japan(value)
    if at is None:
        return value
    if lang == "en":
        return at.strftime("%Y-%m-%d %H:%M") + (" JST" if at.tzinfo is not None else "")
    return at.strftime("%Y年%m月%d日 %H:%M")


def japan_date(value: str | None, lang: str) -> str:
    """The day in Japan time of an instant, or a date as it is: `2026-12-01T20:00:00Z` →
    `2026年12月02日` (ja) / `2026-12-02` (en); "" for none."""
    if not value:
        return ""
    at = _in_japan(value)
    if at is None:
        return value
    return at.strftime("%Y-%m-%d") if lang == "en" else at.strftime("%Y年%m月%d日")


@pass_context
def datetime_filter(context: Context, value: str | None) -> str:
    """`{{ a.filed_at|japan_datetime }}` in the page's language."""
    return japan_datetime(value, str(context.get("lang") or "ja"))


@pass_context
def date_filter(context: Context, value: str | None) -> str:
    """`{{ a.filed_at|japan_date }}` in the page's language."""
    return japan_date(value, str(context.get("lang") or "ja"))
