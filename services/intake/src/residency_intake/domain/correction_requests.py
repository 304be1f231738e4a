"""Which correction request an answer or a new request meets. Pure.

- The filer answers one open request: the one named (`request_id`), or the newest open one
  when none is named. An unknown id is not found; an answered one is already answered.
- intake records a request when it hands `request_correction` to examination, before the
  status event (返却中) comes back. A second request while an earlier one is still on its way
  (open, and made after the last answer) would be refused by examination (no longer 審査中)
  and stay open in intake for ever: intake refuses it at once instead.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from .rules import Problem


@dataclass(frozen=True)
class Request:
    id: UUID
    requested_at: datetime
    answered_at: datetime | None


def answered_request(requests: Sequence[Request], request_id: UUID | None
                     ) -> Request | Problem | None:
    """The request an answer goes to; None when no request is open (nothing named)."""
    if request_id is None:
        open_ = [r for r in requests if r.answered_at is None]
        return max(open_, key=lambda r: r.requested_at, default=None)
    named = next((r for r in requests if r.id == request_id), None)
    if named is None:
        return Problem.of("request_id", "CORRECTION_REQUEST_NOT_FOUND")
    if named.answered_at is not None:
        return Problem.of("request_id", "CORRECTION_ALREADY_ANSWERED")
    return named


def request_in_flight(requests: Sequence[Request]) -> bool:
    """A request recorded since the last answer is still open: examination has it (or is
    about to), so another one now would be refused there."""
    last_answer = max((r.answered_at for r in requests if r.answered_at is not None),
                      default=None)
    return any(r.answered_at is None and (last_answer is None or r.requested_at > last_answer)
               for r in requests)
