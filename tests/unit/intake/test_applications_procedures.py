"""Content of every procedure and the rules for filing them together (SPEC §3, §4)."""

from datetime import date

import pytest
from pydantic import ValidationError
from residency_contracts import Procedure as P
from residency_devstack import samples
from residency_intake.domain.filing import apply_copies, combination_problems, content_problems
from residency_intake.domain.procedures import SIMULTANEOUS, STANDALONE

SAMPLES = {P.COE: samples.coe_content(), P.ACQ: samples.acq_content("2026-11-01"),
           P.CHG: samples.chg_content(), P.EXT: samples.ext_content(), P.WRK: samples.wrk_content()}


@pytest.mark.parametrize("procedure", list(STANDALONE))
def test_each_standalone_procedure_has_a_valid_sample(procedure: P) -> None:
    STANDALONE[procedure].model_validate(SAMPLES[procedure])


def test_a_certificate_of_eligibility_has_no_current_status_or_residence_card() -> None:
    data = samples.coe_content() | {"current_status": samples.current_status()}
    with pytest.raises(ValidationError) as info:
        STANDALONE[P.COE].model_validate(data)
    assert info.value.errors()[0]["loc"] == ("current_status",)


@pytest.mark.parametrize(("procedure", "field"), [
    (P.COE, "intended_status"), (P.CHG, "desired_status"), (P.ACQ, "desired_status")])
@pytest.mark.parametrize("status", ["diplomat", "temporary_visitor"])
def test_diplomat_and_temporary_visitor_are_refused_in_every_procedure(
        procedure: P, field: str, status: str) -> None:
    data = SAMPLES[procedure] | {field: status}
    with pytest.raises(ValidationError) as info:
        STANDALONE[procedure].model_validate(data)
    assert info.value.errors()[0]["type"] == "status_not_eligible"


def test_reentry_and_activity_cannot_be_filed_alone() -> None:
    for proc in (P.REE, P.ACT):
        [problem] = combination_problems(proc, [], "counter")
        assert problem.code == "PROCEDURE_NOT_STANDALONE" and problem.field == "procedure"
    assert combination_problems(P.USE, [], None)[0].code == "PROCEDURE_NOT_SUPPORTED"


@pytest.mark.parametrize("main", [P.CHG, P.EXT, P.ACQ])
def test_reentry_activity_and_work_go_with_change_extension_or_acquisition(main: P) -> None:
    assert combination_problems(main, [P.REE, P.ACT, P.WRK], "counter") == []


@pytest.mark.parametrize("main", [P.COE, P.WRK])
def test_nothing_can_be_filed_together_with_coe_or_a_standalone_wrk(main: P) -> None:
    [problem] = combination_problems(main, [P.ACT], "mail")
    assert problem.code == "SIMULTANEOUS_NOT_ALLOWED" and problem.field == "simultaneous[0].procedure"


def test_a_procedure_listed_twice_is_refused() -> None:
    problems = combination_problems(P.EXT, [P.ACT, P.ACT], "mail")
    assert [(p.field, p.code) for p in problems] == [
        ("simultaneous[1].procedure", "SIMULTANEOUS_DUPLICATE")]


def test_reentry_forces_the_counter_as_receipt_method() -> None:
    [problem] = combination_problems(P.EXT, [P.REE], "mail")
    assert problem.field == "content.receipt_method"
    assert problem.code == "REENTRY_REQUIRES_COUNTER" and "窓口" in problem.ja
    assert combination_problems(P.EXT, [P.ACT], "mail") == []


def test_copies_take_only_the_checked_sections_from_the_main_application() -> None:
    main = samples.acq_content("2026-11-01") | {"agent": {"name": "X", "address": "Y"}}
    child = apply_copies(main, samples.ree_content(),
                         {"personal_items": True, "legal_representative": True})
    assert child["identity"] == main["identity"]
    assert child["legal_representative"] == main["legal_representative"]
    assert "agent" not in child
    SIMULTANEOUS[P.REE].model_validate(child)


def test_acquisition_must_be_filed_within_sixty_days_of_the_event() -> None:
    content = STANDALONE[P.ACQ].model_validate(samples.acq_content("2026-09-01"))
    assert content_problems(P.ACQ, content, date(2026, 10, 31)) == []  # day 60
    [late] = content_problems(P.ACQ, content, date(2026, 11, 1))
    assert late.code == "ACQUISITION_DEADLINE_PASSED" and late.field == "content.event_date"
    assert content_problems(P.ACQ, content, date(2026, 8, 31))[0].code == "EVENT_IN_FUTURE"


@pytest.mark.parametrize("procedure", [P.EXT, P.CHG, P.WRK])
def test_no_procedure_with_a_current_status_is_filed_on_the_last_day_of_stay(
        procedure: P) -> None:
    data = SAMPLES[procedure] | {"current_status": samples.current_status("2026-12-01")}
    content = STANDALONE[procedure].model_validate(data)
    assert [p.code for p in content_problems(procedure, content, date(2026, 12, 1))] == [
        "LAST_DAY_OF_STAY"]


def test_a_change_must_be_to_another_status() -> None:
    data = samples.chg_content() | {"desired_status": "student"}
    content = STANDALONE[P.CHG].model_validate(data)
    assert [p.code for p in content_problems(P.CHG, content, date(2026, 1, 1))] == [
        "SAME_STATUS"]
