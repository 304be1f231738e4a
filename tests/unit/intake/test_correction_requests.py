"""Which correction request an answer goes to; a second request while one is on its way."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from residency_intake.domain.correction_requests import (
    Request,
    answered_request,
    request_in_flight,
)
from residency_intake.domain.rules import Problem

T = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
OLDER = Request(uuid4(), T, None)
NEWER = Request(uuid4(), T + timedelta(hours=1), None)
ANSWERED = Request(uuid4(), T - timedelta(days=3), T - timedelta(days=2))


def test_without_an_id_the_newest_open_request_is_answered() -> None:
    assert answered_request([ANSWERED, OLDER, NEWER], None) == NEWER
    assert answered_request([ANSWERED], None) is None


def test_a_named_open_request_is_answered_even_when_older() -> None:
    assert answered_request([ANSWERED, OLDER, NEWER], OLDER.id) == OLDER


def test_an_unknown_or_answered_request_is_a_problem_on_request_id() -> None:
    unknown = answered_request([OLDER], uuid4())
    assert isinstance(unknown, Problem)
    assert (unknown.field, unknown.code) == ("request_id", "CORRECTION_REQUEST_NOT_FOUND")
    done = answered_request([ANSWERED, OLDER], ANSWERED.id)
    assert isinstance(done, Problem)
    assert (done.field, done.code) == ("request_id", "CORRECTION_ALREADY_ANSWERED")
    assert done.ja and done.en


def test_a_request_since_the_last_answer_still_open_is_in_flight() -> None:
    assert request_in_flight([ANSWERED, OLDER])
    assert request_in_flight([OLDER])


def test_answered_requests_or_an_old_leftover_do_not_block_a_new_request() -> None:
    assert not request_in_flight([])
    assert not request_in_flight([ANSWERED])
    leftover = Request(uuid4(), T - timedelta(days=3, hours=1), None)  # before the last answer
    assert not request_in_flight([leftover, ANSWERED])
