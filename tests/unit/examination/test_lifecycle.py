"""The whole lifecycle table: every (status, action, role) is either in the table or refused."""

import itertools

import pytest
from residency_contracts import ApplicationStatus, Procedure
from residency_contracts.examiner import ACCEPTED_IN
from residency_examination.domain import (
    ACTIONS,
    DIRECT_COMPLETION,
    STATES,
    TRANSITIONS,
    Application,
    IllegalTransition,
    Role,
    rule_for,
)

S = ApplicationStatus

# SPEC §6, written out by hand: (status, action) -> next, for a procedure that issues something.
EXPECTED = {
    (None, "receive"): S.PENDING,
    (S.PENDING, "accept"): S.FILED,
    (S.FILED, "take"): S.EXAMINING,
    (S.EXAMINING, "request_correction"): S.RETURNED,
    (S.RETURNED, "resubmit"): S.EXAMINING,
    (S.EXAMINING, "approve"): S.READY,
    (S.EXAMINING, "deny"): S.DENIED,
    (S.READY, "mark_delivered"): S.COMPLETED,
}
# a COE's electronic CESR: 受領登録 by the organization completes it
COE_ONLY = {(S.READY, "register_cesr_receipt"): S.COMPLETED}
ALL_PAIRS = list(itertools.product(STATES, sorted(ACTIONS)))


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
@pytest.mark.parametrize("procedure", [Procedure.EXT, Procedure.COE])
def test_every_pair_of_an_issuing_procedure_follows_the_spec(procedure, status, action) -> None:
    rule = rule_for(procedure, status, action)
    expected = EXPECTED | (COE_ONLY if procedure is Procedure.COE else {})
    assert (rule.next if rule else None) == expected.get((status, action))


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
@pytest.mark.parametrize("procedure", sorted(DIRECT_COMPLETION))
def test_usage_requests_and_reports_complete_on_approval_and_never_wait_for_delivery(
        procedure, status, action) -> None:
    rule = rule_for(procedure, status, action)
    expected = EXPECTED.get((status, action))
    if action == "approve" and expected:
        expected = S.COMPLETED
    if action == "mark_delivered":
        expected = None
    assert (rule.next if rule else None) == expected


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
@pytest.mark.parametrize("role", list(Role))
def test_a_transition_happens_only_for_its_role_and_else_changes_nothing(
        status, action, role) -> None:
    app = Application(status=status, sequence=5, procedure=Procedure.COE)
    rule = TRANSITIONS.get((status, action))
    if rule and rule.role is role:
        assert app.apply(action, role) is rule.next
        assert app.changes == [(status, rule.next, 6)] and app.sequence == 6
    else:
        with pytest.raises(IllegalTransition):
            app.apply(action, role)
        assert app.status is status and app.sequence == 5 and app.changes == []


def test_terminal_statuses_accept_nothing() -> None:
    for status, action in itertools.product((S.COMPLETED, S.DENIED), ACTIONS):
        for procedure in Procedure:
            assert rule_for(procedure, status, action) is None


def test_the_published_command_preconditions_match_the_lifecycle() -> None:
    examiner = {(s, a) for (s, a), r in TRANSITIONS.items() if r.role is Role.EXAMINER}
    published = {(s, a) for a, statuses in ACCEPTED_IN.items() for s in statuses}
    assert examiner == published


def test_an_examined_usage_request_can_be_returned_corrected_and_approved() -> None:
    app = Application(procedure=Procedure.USE)
    for action, role in [("receive", Role.SYSTEM), ("accept", Role.SYSTEM),
                         ("take", Role.EXAMINER), ("request_correction", Role.EXAMINER),
                         ("resubmit", Role.FILER), ("approve", Role.EXAMINER)]:
        app.apply(action, role)
    assert [c[1] for c in app.changes] == [S.PENDING, S.FILED, S.EXAMINING, S.RETURNED,
                                           S.EXAMINING, S.COMPLETED]
    assert [c[2] for c in app.changes] == [1, 2, 3, 4, 5, 6]
