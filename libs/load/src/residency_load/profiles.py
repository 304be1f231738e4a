"""Load profiles: how many users, how fast they come, how long they stay.

`smoke` is a short check that every path works; `peak` a deadline morning (ramp up to many
users, hold, ramp down); `soak` a long steady day. Flags scale them (--users, --run-time,
--spawn-rate)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    users: int  # at the plateau (examiners and bulk staff included)
    spawn_rate: float  # users started per second while ramping
    run_time: float  # seconds, ramp and plateau included
    ramp_down: float = 0.0  # last seconds: users leave again
    staff: int = 2  # accounts (organizations) of staff filing one by one
    bulk_staff: int = 1  # each its own organization: one upload at a time each
    foreign: int = 2  # foreign nationals, registered through the API
    examiners: int = 1
    bulk_rows: int = 300
    description: str = ""

    def scaled(self, users: int | None, run_time: float | None,
               spawn_rate: float | None) -> Profile:
        return dataclasses.replace(
            self, users=users or self.users, run_time=run_time or self.run_time,
            spawn_rate=spawn_rate or self.spawn_rate)

    def at(self, t: float) -> tuple[int, float] | None:
        """Locust's shape: (users, spawn rate) at second t of the run; None to stop."""
        if t >= self.run_time:
            return None
        fixed = self.bulk_staff + self.examiners
        if self.ramp_down and t >= self.run_time - self.ramp_down:
            return fixed, self.spawn_rate
        return max(self.users, fixed + 1), self.spawn_rate


PROFILES = {
    "smoke": Profile("smoke", users=6, spawn_rate=3, run_time=45, staff=2, bulk_staff=1,
                     foreign=2, examiners=1, bulk_rows=20,
                     description="every user class once, small: ~45 s"),
    "peak": Profile("peak", users=60, spawn_rate=1, run_time=300, ramp_down=30, staff=10,
                    bulk_staff=2, foreign=10, examiners=2, bulk_rows=300,
                    description="a deadline morning: ramp to 60 users over a minute, hold"),
    "soak": Profile("soak", users=20, spawn_rate=1, run_time=3600, staff=5, bulk_staff=1,
                    foreign=5, examiners=1, bulk_rows=300,
                    description="a steady hour"),
}
