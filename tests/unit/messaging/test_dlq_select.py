"""Which dead letters a replay request picks, and what it refuses."""

from datetime import UTC, datetime, timedelta

import pytest
from residency_messaging.dlq import DeadLetter, Refused, Replay, parse_id, parse_since, select

NOW = datetime(2031, 4, 10, 12, tzinfo=UTC)
ORIGIN = (("dlq_topic", b"residency.examination.commands.v1"),)


def letter(offset: int, *, hours_ago: int = 1, replayed: bool = False,
           headers: tuple[tuple[str, bytes], ...] = ORIGIN) -> DeadLetter:
    d = DeadLetter("examination", 0, offset, NOW - timedelta(hours=hours_ago), b"k", b"{}",
                   headers)
    if replayed:
        d.replays.append(Replay("r", (0, offset), NOW, "alice", "pod", "t", "sent", 0, 1))
    return d


def test_named_dead_letters_are_picked_in_the_order_given() -> None:
    letters = [letter(0), letter(1), letter(2)]
    picked, skipped = select(letters, ids=[(0, 2), (0, 0), (0, 2)])
    assert [d.offset for d in picked] == [2, 0] and skipped == []


def test_a_named_dead_letter_already_replayed_is_refused_unless_again() -> None:
    letters = [letter(0), letter(1, replayed=True)]
    with pytest.raises(Refused, match="already replayed.*1 at .* by alice"):
        select(letters, ids=[(0, 0), (0, 1)])
    picked, _ = select(letters, ids=[(0, 0), (0, 1)], again=True)
    assert [d.offset for d in picked] == [0, 1]


def test_an_offset_with_no_dead_letter_is_refused() -> None:
    with pytest.raises(Refused, match="no dead letter at 0:9"):
        select([letter(0)], ids=[(0, 9)])


def test_all_picks_those_not_replayed_and_reports_the_others() -> None:
    letters = [letter(0, replayed=True), letter(1), letter(2)]
    picked, skipped = select(letters, everything=True)
    assert [d.offset for d in picked] == [1, 2] and [d.offset for d in skipped] == [0]
    picked, skipped = select(letters, everything=True, again=True)
    assert [d.offset for d in picked] == [0, 1, 2] and skipped == []


def test_since_picks_the_dead_letters_of_that_window() -> None:
    letters = [letter(0, hours_ago=30), letter(1, hours_ago=2), letter(2, hours_ago=1)]
    picked, _ = select(letters, since=parse_since("3h", NOW))
    assert [d.offset for d in picked] == [1, 2]


def test_a_request_naming_nothing_is_refused() -> None:
    with pytest.raises(Refused, match="OFFSET"):
        select([letter(0)])


def test_a_dead_letter_without_its_original_topic_cannot_be_replayed() -> None:
    with pytest.raises(Refused, match="no original topic recorded for 0"):
        select([letter(0, headers=())], everything=True)


@pytest.mark.parametrize(("text", "expected"), [
    ("30m", NOW - timedelta(minutes=30)),
    ("6h", NOW - timedelta(hours=6)),
    ("2d", NOW - timedelta(days=2)),
    ("2031-04-09", datetime(2031, 4, 9, tzinfo=UTC)),
    ("2031-04-09T09:00:00+09:00", datetime(2031, 4, 9, 0, tzinfo=UTC)),
])
def test_since_takes_a_duration_or_an_iso_time_in_utc_unless_given(
        text: str, expected: datetime) -> None:
    assert parse_since(text, NOW) == expected


def test_since_refuses_anything_else() -> None:
    with pytest.raises(Refused, match="--since"):
        parse_since("yesterday", NOW)


def test_ids_are_offsets_of_partition_0_or_partition_colon_offset() -> None:
    assert parse_id("17") == (0, 17) and parse_id("1:17") == (1, 17)
    with pytest.raises(Refused):
        parse_id("x")
