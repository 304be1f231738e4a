"""Throttling: how often one client address or one account may call a costly or mailing route.

The decision is pure (`admit`, the generic cell-rate algorithm: a token bucket of `count`
tokens refilled evenly over `period_s`, kept as one number per key, the "theoretical arrival
time"). `Throttle` keeps those numbers in this process — so the limits are per replica (with
N replicas a client may get up to N times the limit) and start again when the process restarts
— bounded to `max_keys` keys (expired keys go first, then the oldest). A refusal raises `RetryLater`,
answered as 429 `TOO_MANY_REQUESTS` with `Retry-After` (whole seconds). No I/O here.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

_UNITS = {"s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|min|h|d)\s*$")


@dataclass(frozen=True)
class Rate:
    """`count` calls per `period_s` seconds (a burst of `count`, then evenly spread)."""

    count: int
    period_s: float

    def __post_init__(self) -> None:
        if self.count < 1 or self.period_s <= 0:
            raise ValueError("a rate needs at least 1 call per a positive period")

    @property
    def interval_s(self) -> float:
        return self.period_s / self.count

    @classmethod
    def parse(cls, text: "str | Rate") -> "Rate":
        """`"10/min"`, `"3/h"`, `"30/10s"`, `"100/d"`."""
        if isinstance(text, Rate):
            return text
        match = _RATE.match(text)
        if match is None:
            raise ValueError(f"not a rate (like 10/min, 3/h, 30/10s): {text!r}")
        count, times, unit = match.groups()
        return cls(int(count), (int(times) if times else 1) * _UNITS[unit])

    def __str__(self) -> str:
        return f"{self.count}/{self.period_s:g}s"


RateSetting = Annotated[Rate, BeforeValidator(Rate.parse), PlainSerializer(str)]
"""A rate in settings, written like `10/min` (units s, min, h, d)."""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    tat: float
    """The key's new theoretical arrival time (unchanged when refused)."""
    retry_after_s: float
    """0 when allowed; otherwise how long until one more call is allowed."""


def admit(tat: float | None, now: float, rate: Rate) -> Decision:
    """Whether one more call is allowed at `now` for a key whose theoretical arrival time is
    `tat` (None: never seen or long idle = a full bucket)."""
    start = now if tat is None else max(tat, now)
    new_tat = start + rate.interval_s
    excess = new_tat - now - rate.period_s
    if excess > 1e-9:
        return Decision(False, start, excess)
    return Decision(True, new_tat, 0.0)


def retry_after_header(seconds: float) -> str:
    """Whole seconds, at least 1 (RFC 9110 delay-seconds)."""
    return str(max(1, math.ceil(seconds - 1e-9)))


class RetryLater(Exception):  # noqa: N818 - an answer, not a fault
    """Not now: over a throttle's rate (429) or no capacity left (503); the HTTP layer answers
    with `Retry-After` and JA/EN messages (deps.py)."""

    def __init__(self, reason: str, retry_after_s: float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after_header(retry_after_s)


class Throttle:
    """Per-rule, per-key rates kept in this process (see the module docstring)."""

    def __init__(self, rates: dict[str, Rate], *, enabled: bool = True,
                 max_keys: int = 100_000, clock: Callable[[], float] | None = None) -> None:
        import time

        self.rates = rates
        self.enabled = enabled
        self.max_keys = max_keys
        self._clock = clock or time.monotonic
        self._tats: dict[tuple[str, str], float] = {}
        self.refused: dict[str, int] = {}

    def check(self, rule: str, key: str | None) -> None:
        """Count one call of `rule` by `key`; raise 429 when over the rule's rate.
        A missing key (no client address) is not throttled."""
        if not self.enabled or key is None:
            return
        rate = self.rates[rule]
        now = self._clock()
        slot = (rule, key.casefold())
        decision = admit(self._tats.get(slot), now, rate)
        if not decision.allowed:
            self.refused[rule] = self.refused.get(rule, 0) + 1
            raise RetryLater("throttled", decision.retry_after_s)
        self._tats.pop(slot, None)  # re-insert: the dict's order is least recently used first
        self._tats[slot] = decision.tat
        if len(self._tats) > self.max_keys:
            self._evict(now)

    def _evict(self, now: float) -> None:
        """Drop keys whose bucket is full again (they hold nothing); if none, the oldest."""
        expired = [slot for slot, tat in self._tats.items() if tat <= now]
        for slot in expired:
            del self._tats[slot]
        while len(self._tats) > self.max_keys * 0.9:
            del self._tats[next(iter(self._tats))]

    def __len__(self) -> int:
        return len(self._tats)
