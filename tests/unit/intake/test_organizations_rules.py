"""Pure rules of organization access, usage requests and examiner action bodies."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from pydantic import ValidationError
from residency_contracts import AttachmentKind, VerdictCode
from residency_intake.domain.organization_access import (
    access_problem,
    access_state,
    may_act_on_filing,
    renewed_expiry,
)
from residency_intake.domain.rules import AttachmentState
from residency_intake.errors import ApiError
from residency_intake.examiner.actions import _check_fields
from residency_intake.examiner.views import ExaminerAction
from residency_intake.organizations.rules import filing_problems, in_progress, missing_fields
from residency_intake.organizations.views import REQUIRED_FOR, UsageRequest

NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)
ORG = uuid4()


def test_staff_without_an_organization_must_file_a_usage_request_first() -> None:
    problem = access_problem("organization_staff", None, None, NOW)
    assert problem and problem.code == "ORGANIZATION_ACCESS_REQUIRED"
    assert problem.ja and problem.en


def test_staff_of_a_never_approved_organization_cannot_file() -> None:
    problem = access_problem("organization_staff", ORG, None, NOW)
    assert problem and problem.code == "ORGANIZATION_ACCESS_REQUIRED"


def test_access_ends_exactly_at_its_expiry() -> None:
    assert access_problem("organization_staff", ORG, NOW + timedelta(seconds=1), NOW) is None
    expired = access_problem("organization_staff", ORG, NOW, NOW)
    assert expired and expired.code == "ORGANIZATION_ACCESS_EXPIRED"
    assert access_state(NOW, NOW) == "expired" and access_state(None, NOW) == "none"


@pytest.mark.parametrize("role", ["foreign_national", "legal_representative", "lawyer"])
def test_people_filing_for_themselves_need_no_organization_access(role: str) -> None:
    assert access_problem(role, None, None, NOW) is None


def test_an_approval_runs_from_the_later_of_approval_and_current_expiry() -> None:
    assert renewed_expiry(None, NOW, 365) == NOW + timedelta(days=365)
    later = NOW + timedelta(days=30)
    assert renewed_expiry(later, NOW, 365) == later + timedelta(days=365)
    earlier = NOW - timedelta(days=30)
    assert renewed_expiry(earlier, NOW, 365) == NOW + timedelta(days=365)


def _file(code: VerdictCode | None) -> AttachmentState:
    return AttachmentState(AttachmentKind.DOCUMENT, code, "ja", "en")


def test_a_usage_request_needs_at_least_one_pdf_and_every_verdict_ok() -> None:
    problems, pending = filing_problems([])
    assert [p.code for p in problems] == ["ATTACHMENTS_REQUIRED"] and not pending
    problems, pending = filing_problems([_file(VerdictCode.OK),
                                         _file(VerdictCode.PDF_ENCRYPTED), _file(None)])
    assert [(p.field, p.code) for p in problems] == [("attachments[1]", "PDF_ENCRYPTED")]
    assert pending
    assert filing_problems([_file(VerdictCode.OK)]) == ([], False)


def test_a_usage_request_or_report_blocks_another_from_its_draft_until_it_ends() -> None:
    assert in_progress("draft", None)
    for status in ("pending", "filed", "examining", "returned", "ready"):
        assert in_progress("submitted", status)
    assert not in_progress("submitted", "completed")
    assert not in_progress("submitted", "denied")


def test_each_kind_of_usage_request_names_its_missing_fields() -> None:
    new = UsageRequest(kind="new")
    assert [p.field for p in missing_fields(dict(new), REQUIRED_FOR["new"])] == [
        "organization", "bureau"]
    extra = UsageRequest(kind="additional", organization_id=uuid4())
    assert [p.field for p in missing_fields(dict(extra), REQUIRED_FOR["additional"])] == [
        "first_request_office"]


@pytest.mark.parametrize("number", ["12345678901", "1234567890123", "12345678901a"])
def test_the_agent_certificate_number_has_exactly_twelve_digits(number: str) -> None:
    with pytest.raises(ValidationError):
        UsageRequest(kind="new", agent_certificate_number=number)
    assert UsageRequest(kind="new", agent_certificate_number="123456789123")


@pytest.mark.parametrize(("body", "fields"), [
    ({"action": "request_correction"}, ["items"]),
    ({"action": "deny"}, ["reason"]),
    ({"action": "mark_delivered"}, ["how"]),
    ({"action": "take", "reason": "x"}, ["reason"]),
    ({"action": "approve", "items": ["x"]}, ["items"]),
])
def test_an_examiner_action_refuses_missing_and_foreign_fields(body, fields) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiError) as refused:
        _check_fields(ExaminerAction(**body))
    assert refused.value.status == 422
    assert [e.field for e in refused.value.body.errors] == fields


def test_well_formed_examiner_actions_pass() -> None:
    for body in ({"action": "take"}, {"action": "approve", "granted_period": "1 year"},
                 {"action": "deny", "reason": "r"}, {"action": "request_correction",
                                                     "items": ["a"]}):
        _check_fields(ExaminerAction(**body))  # type: ignore[arg-type]


def test_a_usage_request_is_its_filers_alone_until_approved_then_the_organizations() -> None:
    def may(**kw: object) -> bool:
        return may_act_on_filing(**{"is_filer": False, "staff_of_its_organization": False,
                                    "procedure": "USE", "approved": False, **kw})  # type: ignore[arg-type]

    assert may(is_filer=True) and may(is_filer=True, approved=True)
    assert not may(staff_of_its_organization=True)  # an outsider's additional request
    assert may(staff_of_its_organization=True, approved=True)
    assert not may(approved=True)  # another organization's staff, never


def test_a_periodic_report_is_the_organizations_staffs_even_for_its_filer() -> None:
    for approved in (False, True):
        assert may_act_on_filing(is_filer=False, staff_of_its_organization=True,
                                 procedure="RPT", approved=approved)
        assert may_act_on_filing(is_filer=True, staff_of_its_organization=True,
                                 procedure="RPT", approved=approved)
        assert not may_act_on_filing(is_filer=True, staff_of_its_organization=False,
                                     procedure="RPT", approved=approved)  # removed since
