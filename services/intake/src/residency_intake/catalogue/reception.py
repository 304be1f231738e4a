"""When a procedure can be filed (pure): its reception period, then the organization's own
intake windows (seed 002: a university accepts applications only in enrollment periods).

Reception periods are instants [start, end); windows are whole days in Japan time,
both ends included."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from ..domain.rules import Problem

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


def period_problem(start: datetime, end: datetime | None, now: datetime) -> Problem | None:
    """RECEPTION_CLOSED before the start or from the end on."""
    if now < start:
        ja, en = _when(start)
        return Problem(FIELD, "RECEPTION_CLOSED",
                       f"この手続きはまだ受付を開始していません。受付開始は{ja}です。",
                       f"This procedure is not open yet. Reception opens on {en}.")
    if end is not None and now >= end:
        ja, en = _when(end)
        return Problem(FIELD, "RECEPTION_CLOSED",
                       f"この手続きの受付は{ja}に終了しました。",
                       f"Reception for this procedure closed on {en}.")
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
        return Problem(FIELD, "OUTSIDE_INTAKE_WINDOW",
                       f"所属機関の受付期間外です。次の受付期間は{s_ja}から{e_ja}までです。",
                       f"Your organization is not accepting this procedure now. Its next intake "
                       f"window opens on {s_en} and closes on {e_en}.")
    return Problem(FIELD, "OUTSIDE_INTAKE_WINDOW",
                   "所属機関の受付期間は終了しました。所属機関にお問い合わせください。",
                   "Your organization's intake windows for this procedure have ended. "
                   "Contact your organization.")


def filing_problem(start: datetime, end: datetime | None, windows: Sequence[Window],
                   now: datetime) -> Problem | None:
    now = japan_time(now)
    return period_problem(start, end, now) or window_problem(windows, now)


def windows_problems(windows: Sequence[Window]) -> list[Problem]:
    """Each window must end on or after its start; windows must not overlap."""
    problems = [Problem(f"windows.{i}.end", "WINDOW_ENDS_BEFORE_START",
                        "終了日は開始日以降の日付にしてください。",
                        "The end date must be on or after the start date.")
                for i, w in enumerate(windows) if w.end < w.start]
    if problems:
        return problems
    order = sorted(range(len(windows)), key=lambda i: windows[i].start)
    for prev, cur in zip(order, order[1:], strict=False):
        if windows[cur].start <= windows[prev].end:
            problems.append(Problem(f"windows.{cur}.start", "WINDOW_OVERLAP",
                                    "受付期間が他の期間と重なっています。",
                                    "This window overlaps another one."))
    return problems
