"""Liveness of an application — one live application per person and procedure (SPEC §3).

An application is *live* from the moment it is filed until it ends: every status except the
terminal ones (完了, 完了(不許可)). A filed application that examination has not yet received has
no status yet and is live (処理待ち). Pure: no I/O. SQL that needs the rule filters by
`LIVE_STATUS_VALUES` passed as a bound parameter (`status = ANY($n::text[])`), never by a list
of its own.
"""

from .common import TERMINAL_STATUSES, ApplicationStatus

LIVE_STATUSES: frozenset[ApplicationStatus] = frozenset(ApplicationStatus) - TERMINAL_STATUSES

# The same sets as sorted text values, ready to bind as a SQL array parameter.
LIVE_STATUS_VALUES: tuple[str, ...] = tuple(sorted(s.value for s in LIVE_STATUSES))
TERMINAL_STATUS_VALUES: tuple[str, ...] = tuple(sorted(s.value for s in TERMINAL_STATUSES))


def is_live(status: ApplicationStatus | str | None) -> bool:
    """Whether a filed application with this status still counts as live. None (filed, not yet
    received by examination) is live; an unknown status raises ValueError."""
    return status is None or ApplicationStatus(status) in LIVE_STATUSES
