"""intake's instants shown in Japan time, one form per language."""

from residency_web.japan_time import japan_date, japan_datetime


def test_a_utc_instant_is_shown_in_japan_time_in_each_languages_form() -> None:
    assert japan_datetime("2026-12-02T01:30:00Z", "ja") == "2026年12月02日 10:30"
    assert japan_datetime("2026-12-02T01:30:00Z", "en") == "2026-12-02 10:30 JST"
    assert japan_datetime("2026-12-02T10:30:00+09:00", "ja") == "2026年12月02日 10:30"


def test_late_evening_utc_is_the_next_day_in_japan() -> None:
    assert japan_datetime("2026-12-01T20:00:00+00:00", "ja") == "2026年12月02日 05:00"
    assert japan_date("2026-12-01T20:00:00Z", "ja") == "2026年12月02日"
    assert japan_date("2026-12-01T20:00:00Z", "en") == "2026-12-02"


def test_a_date_alone_stays_that_date() -> None:
    assert japan_date("2026-04-01", "ja") == "2026年04月01日"
    assert japan_date("2026-04-01", "en") == "2026-04-01"


def test_nothing_shows_nothing_and_what_is_no_date_shows_as_it_came() -> None:
    assert japan_datetime(None, "ja") == "" and japan_date("", "en") == ""
    assert japan_datetime("soon", "en") == "soon"


def test_a_naive_instant_is_not_given_a_zone() -> None:
    assert japan_datetime("2026-12-02T10:30:00", "en") == "2026-12-02 10:30"
