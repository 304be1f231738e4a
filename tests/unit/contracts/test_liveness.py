"""One live application per person and procedure: which statuses are live (SPEC §3, §6)."""

import pytest
from residency_contracts.common import ApplicationStatus
from residency_contracts.liveness import (
    LIVE_STATUS_VALUES,
    LIVE_STATUSES,
    TERMINAL_STATUS_VALUES,
    is_live,
)


@pytest.mark.parametrize("status", ["pending", "filed", "examining", "returned", "ready"])
def test_an_application_in_progress_is_live(status: str) -> None:
    assert is_live(status)
    assert is_live(ApplicationStatus(status))


@pytest.mark.parametrize("status", ["completed", "denied"])
def test_a_completed_or_denied_application_is_not_live(status: str) -> None:
    assert not is_live(status)


def test_a_filed_application_examination_has_not_received_yet_is_live() -> None:
    assert is_live(None)


def test_an_unknown_status_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError):
        is_live("archived")


def test_the_sql_parameters_are_the_same_sets_as_text() -> None:
    assert LIVE_STATUS_VALUES == ("examining", "filed", "pending", "ready", "returned")
    assert TERMINAL_STATUS_VALUES == ("completed", "denied")
    assert {ApplicationStatus(v) for v in LIVE_STATUS_VALUES} == LIVE_STATUSES
