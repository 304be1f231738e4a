"""Per-account quotas on unfiled applications (SPEC §5's limits are per filing; these bound
what one account can keep without filing). Pure.

- An account keeps at most `max_open_drafts` unfiled applications it started (simultaneous
  ones come with their main application and are not counted).
- The files on its unfiled applications take at most `max_stored_bytes` in all.

A bulk upload's rows count toward neither: they are bounded by the bulk rules (one unfiled
upload per organization and procedure, at most 300 rows, SPEC §5's limits per row), only staff
of an approved organization make them, and a new upload replaces the unfiled one. Filed
applications are examined and count toward neither.
"""

from dataclasses import dataclass

from residency_contracts.attachments import MB

from .rules import Problem

GB = 1024 * MB


@dataclass(frozen=True)
class AccountQuotas:
    max_open_drafts: int
    max_stored_bytes: int


def new_draft_problem(quotas: AccountQuotas, open_drafts: int) -> Problem | None:
    """Starting one more application when the account already keeps `open_drafts`."""
    if open_drafts < quotas.max_open_drafts:
        return None
    return Problem.of(None, "TOO_MANY_DRAFTS", drafts=quotas.max_open_drafts)


def storage_left(quotas: AccountQuotas, stored_bytes: int) -> int:
    """How many bytes the account's next file may have."""
    return max(quotas.max_stored_bytes - stored_bytes, 0)


def storage_problem(quotas: AccountQuotas, stored_bytes: int, adding: int) -> Problem | None:
    """Storing `adding` more bytes on the account's unfiled applications."""
    if stored_bytes + adding <= quotas.max_stored_bytes:
        return None
    return Problem.of("file", "STORAGE_QUOTA_EXCEEDED",
                      size=f"{quotas.max_stored_bytes / GB:g} GB")
