"""Property-based: any walk of (action, role) pairs moves the application only along the table;
every other step is refused and changes nothing."""

from hypothesis import given
from hypothesis import strategies as st
from residency_contracts import ApplicationStatus, Procedure
from residency_examination.domain import ACTIONS, Application, IllegalTransition, Role, rule_for

STEPS = st.lists(st.tuples(st.sampled_from(sorted(ACTIONS)), st.sampled_from(list(Role))),
                 max_size=30)


@given(st.sampled_from(list(Procedure)), STEPS)
def test_walks_follow_the_table_and_sequences_count_each_change(procedure, steps) -> None:
    app = Application(procedure=procedure)
    expected_status, expected_sequence = None, 0
    for action, role in steps:
        rule = rule_for(procedure, expected_status, action)
        try:
            app.apply(action, role)
        except IllegalTransition as refused:
            assert rule is None or rule.role is not role
            assert refused.status == expected_status and str(refused)  # says why
        else:
            assert rule is not None and rule.role is role
            expected_status, expected_sequence = rule.next, expected_sequence + 1
        assert (app.status, app.sequence) == (expected_status, expected_sequence)
    assert [c[2] for c in app.changes] == list(range(1, expected_sequence + 1))
    if app.status in (ApplicationStatus.COMPLETED, ApplicationStatus.DENIED):
        assert all(rule_for(procedure, app.status, a) is None for a in ACTIONS)
