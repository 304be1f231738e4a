"""No online filing on the last day of the period of stay, nor after it (SPEC §3)."""

from datetime import date

from residency_contracts import Procedure
from residency_devstack.samples import ext_content
from residency_intake.domain.content import ExtensionContent
from residency_intake.domain.filing import content_problems
from residency_intake.domain.period_of_stay import filing_day_problem

EXPIRY = date(2026, 12, 1)


def test_the_last_day_of_stay_sends_the_person_to_the_counter() -> None:
    problem = filing_day_problem(EXPIRY, date(2026, 12, 1))
    assert problem is not None and problem.code == "LAST_DAY_OF_STAY"
    assert problem.field == "content.current_status.expiry_date"
    assert "窓口" in problem.ja and "counter" in problem.en


def test_the_day_before_the_last_day_is_still_open() -> None:
    assert filing_day_problem(EXPIRY, date(2026, 11, 30)) is None


def test_after_the_last_day_the_period_has_expired() -> None:
    problem = filing_day_problem(EXPIRY, date(2026, 12, 2))
    assert problem is not None and problem.code == "PERIOD_EXPIRED"


def test_filing_an_extension_checks_the_current_expiry_date() -> None:
    content = ExtensionContent.model_validate(ext_content(expiry="2026-12-01"))
    codes = [p.code for p in content_problems(Procedure.EXT, content, date(2026, 12, 1))]
    assert codes == ["LAST_DAY_OF_STAY"]
    assert content_problems(Procedure.EXT, content, date(2026, 11, 30)) == []
