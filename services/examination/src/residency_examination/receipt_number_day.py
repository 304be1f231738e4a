"""When an application gets its application receipt number (申請受付番号), pure.

Not on the day it is filed: a daily batch at a configurable Japan time numbers everything
filed before that Japan day began — the batch run at or after day D's batch time numbers all
filings made before day D, 00:00 Asia/Tokyo. So a filing is numbered the day after (at the
batch time), or at the first batch run after that. A periodic report (RPT) is the exception:
its receipt number comes at once, with its provisional one (see `handlers.accept`).
"""

from datetime import date, datetime, time, timedelta

from residency_contracts import TOKYO


def parse_batch_time(text: str) -> time:
    """"HH:MM" (Asia/Tokyo) → time; ValueError otherwise."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def tokyo_day(moment: datetime) -> date:
    """The Japan calendar day of `moment` (numbers carry its year)."""
    return moment.astimezone(TOKYO).date()


def receipt_cutoff(now: datetime, batch_at: time) -> datetime:
    """Applications filed before this instant are due an application receipt number."""
    today = tokyo_day(now)
    batch_day = today if now.astimezone(TOKYO).time() >= batch_at else today - timedelta(days=1)
    return datetime.combine(batch_day, time(0), TOKYO)


def due_receipt_number(filed_at: datetime, now: datetime, batch_at: time) -> bool:
    """Whether an application filed at `filed_at` is due its receipt number at `now`."""
    return filed_at < receipt_cutoff(now, batch_at)
