"""Reuse of an earlier application (SPEC §4): pure pre-filling of a new draft."""

from datetime import date
from typing import Any

REUSE_YEARS = 2

# Field path (inside content) -> the date its rule last changed. A reused application filed
# before that date has the field blanked and flagged so the filer enters it again.
RULE_CHANGES: dict[str, date] = {
    "identity.mobile_phone": date(2025, 4, 1),      # digits-only rule tightened
    "identity.occupation": date(2025, 4, 1),        # new occupation vocabulary
    "current_status.residence_card_number": date(2024, 6, 14),
    "desired_period": date(2025, 10, 1),            # periods chosen from a list
    "activity_description": date(2025, 10, 1),
}
NEVER_REUSED = ("applicant_intent_confirmed", "content_true")
"""Confirmations are given anew for every application."""


def too_old(filed_on: date, today: date) -> bool:
    """True when `filed_on` is more than REUSE_YEARS before `today` (29 Feb → 28 Feb)."""
    try:
        limit = today.replace(year=today.year - REUSE_YEARS)
    except ValueError:
        limit = today.replace(year=today.year - REUSE_YEARS, day=28)
    return filed_on < limit


def prefill(content: dict[str, Any], filed_on: date,
            changes: dict[str, date] | None = None) -> tuple[dict[str, Any], list[str]]:
    """(content for the new draft, sorted field paths blanked because their rule changed)."""
    rules = RULE_CHANGES if changes is None else changes
    out = _copy(content)
    for key in NEVER_REUSED:
        out.pop(key, None)
    flagged = []
    for path, changed_on in rules.items():
        if filed_on < changed_on and _pop(out, path.split(".")):
            flagged.append(path)
    return out, sorted(flagged)


COPIED_SECTIONS = {"identity": "personal_items", "legal_representative": "legal_representative",
                   "agent": "agent"}
"""A simultaneous application's sections that can be copied from its main one → copy flag."""


def prefill_simultaneous(main: dict[str, Any], children: list[tuple[str, dict[str, Any]]],
                         filed_on: date, changes: dict[str, date] | None = None
                         ) -> tuple[list[dict[str, Any]], list[str]]:
    """The simultaneous part of the new draft from the earlier application's main content and
    its simultaneous ones [(procedure, content)], in order: a section equal to the main's is
    left out and marked copied (a filing stores the copy, not the choice); the rest is
    pre-filled like the main's. (entries {procedure, content, copy}, flagged field paths
    `simultaneous[i].content.…`)."""
    entries: list[dict[str, Any]] = []
    flagged: list[str] = []
    for i, (procedure, content) in enumerate(children):
        own = dict(content)
        copy = {flag: False for flag in COPIED_SECTIONS.values()}
        for section, flag in COPIED_SECTIONS.items():
            if own.get(section) is not None and own.get(section) == main.get(section):
                copy[flag] = True
                own.pop(section)
        filled, changed = prefill(own, filed_on, changes)
        entries.append({"procedure": procedure, "content": filled, "copy": copy})
        flagged += [f"simultaneous[{i}].content.{path}" for path in changed]
    return entries, flagged


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _pop(data: dict[str, Any], parts: list[str]) -> bool:
    head, rest = parts[0], parts[1:]
    if head not in data:
        return False
    if not rest:
        return data.pop(head) is not None  # an empty field needs no flag
    inner = data[head]
    return isinstance(inner, dict) and _pop(inner, rest)
