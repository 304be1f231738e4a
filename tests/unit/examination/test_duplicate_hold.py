"""The duplicate-application hold: one live application per person and procedure."""

from uuid import UUID, uuid4

import pytest
from residency_contracts import ApplicationStatus as S
from residency_examination.duplicate_hold import HOLD, Filed, blocks, held

ORG_A, ORG_B = uuid4(), uuid4()


def filed(org: UUID | None, status: S | None = S.PENDING, hold: str | None = None) -> Filed:
    return Filed(uuid4(), org, status, hold)


def test_a_live_application_through_another_organization_holds_the_new_one() -> None:
    assert held(filed(ORG_B), [filed(ORG_A, S.EXAMINING)])


def test_the_same_organization_filing_again_is_not_held() -> None:
    assert not held(filed(ORG_A), [filed(ORG_A, S.EXAMINING)])


def test_two_filings_without_an_organization_do_not_hold_each_other() -> None:
    assert not held(filed(None), [filed(None, S.FILED)])


def test_a_filing_without_an_organization_is_held_by_an_organizations_one() -> None:
    assert held(filed(None), [filed(ORG_A, S.FILED)])
    assert held(filed(ORG_A), [filed(None, S.FILED)])


@pytest.mark.parametrize("status", [S.COMPLETED, S.DENIED])
def test_an_application_that_ended_holds_nothing(status: S) -> None:
    assert not held(filed(ORG_B), [filed(ORG_A, status)])


@pytest.mark.parametrize("status", [S.PENDING, S.FILED, S.EXAMINING, S.RETURNED, S.READY])
def test_every_live_status_holds(status: S) -> None:
    assert held(filed(ORG_B), [filed(ORG_A, status)])


def test_an_application_that_is_itself_held_holds_nothing() -> None:
    assert not held(filed(ORG_B), [filed(ORG_A, S.PENDING, HOLD)])


def test_an_application_never_holds_itself() -> None:
    me = filed(ORG_A)
    assert not blocks(me, me)
    assert not held(me, [me])


def test_with_nothing_else_filed_nothing_is_held() -> None:
    assert not held(filed(ORG_A), [])
