"""When a procedure can be filed (pure): its reception period, then the organization's own
intake windows (seed 002: a university accepts applications only in enrollment periods).

Reception periods are instants [start, end); windows are whole days in Japan time,
both ends included."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from ..domain.rules import Problem
from ..wording import Texts

JST = timezone(timedelta(hours=9), "JST")  # Japan has no daylight saving time
FIELD = "procedure"
MAX_WINDOWS = 20


@dataclass(frozen=True)
class Window:
    start: date
    end: date


def japan_time(now: datetime) -> datetime:
    """`now` in Japan time; a naive datetime is taken as UTC."""
    return (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(JST)


def _when(moment: datetime) -> tuple[str, str]:
    t = moment.astimezone(JST)
    return (f"{t.year}年{t.month}月{t.day}日 {t.hour:02d}時{t.minute:02d}分",
            f"{t:%Y-%m-%d %H:%M} (Japan time)")


def _day(d: date) -> tuple[str, str]:
    return f"{d.year}年{d.month}月{d.day}日", d.isoformat()


def _period(start: datetime, end: datetime | None) -> Texts:
    (s_ja, s_en), (e_ja, e_en) = _when(start), (_when(end) if end else ("", ""))
    if end is None:
        return Texts(f"{s_ja}から", f"from {s_en}")
    return Texts(f"{s_ja}から{e_ja}まで", f"{s_en.removesuffix(' (Japan time)')} to {e_en}")


def period_problem(start: datetime, end: datetime | None, now: datetime) -> Problem | None:
    """RECEPTION_CLOSED before the start or from the end on (the period is named)."""
    if now < start or (end is not None and now >= end):
        return Problem.of(FIELD, "RECEPTION_CLOSED", period=_period(start, end))
    return None


def window_problem(windows: Sequence[Window], now: datetime) -> Problem | None:
    """OUTSIDE_INTAKE_WINDOW when the organization set windows and today is in none."""
    if not windows:
        return None
    today = japan_time(now).date()
    if any(w.start <= today <= w.end for w in windows):
        return None
    upcoming = sorted((w for w in windows if w.start > today), key=lambda w: w.start)
    if upcoming:
        (s_ja, s_en), (e_ja, e_en) = _day(upcoming[0].start), _day(upcoming[0].end)
        following = Texts(f"{s_ja}から{e_ja}まで", f"{s_en} to {e_en}")
    else:
        following = Texts("なし。受付期間は終了しました。所属機関にお問い合わせください",
                          "none, the windows have ended; contact your organization")
    return Problem.of(FIELD, "OUTSIDE_INTAKE_WINDOW", next_window=following)


def filing_problem(start: datetime, end: datetime | None, windows: Sequence[Window],
                   now: datetime) -> Problem | None:
    now = japan_time(now)
    return period_problem(start, end, now) or window_problem(windows, now)


def windows_problems(windows: Sequence[Window]) -> list[Problem]:
    """Each window must end on or after its start; windows must not overlap."""
    problems = [Problem.of(f"windows.{i}.end", "WINDOW_ENDS_BEFORE_START")
                for i, w in enumerate(windows) if w.end < w.start]
    if problems:
        return problems
    order = sorted(range(len(windows)), key=lambda i: windows[i].start)
    for prev, cur in zip(order, order[1:], strict=False):
        if windows[cur].start <= windows[prev].end:
            problems.append(Problem.of(f"windows.{cur}.start", "WINDOW_OVERLAP"))
    return problems
