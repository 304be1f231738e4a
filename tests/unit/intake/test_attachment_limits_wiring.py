"""The limits intake enforces on uploads are SPEC §5's, by the one rule in residency_contracts
(tested in tests/unit/contracts/test_attachment_limits.py): the settings' defaults are those
limits, and each kind of filing gets its own."""

from residency_contracts.attachments import (
    APPLICATION_LIMITS,
    ORGANIZATION_FILING_LIMITS,
    AttachmentKind,
    LimitRefusal,
)
from residency_intake.attachments import (
    application_limits,
    limit_error,
    organization_filing_limits,
)
from residency_intake.settings import IntakeSettings

DEFAULTS = IntakeSettings.model_construct()  # every default, no environment needed


def test_by_default_an_application_gets_spec_limits() -> None:
    assert application_limits(DEFAULTS) == APPLICATION_LIMITS


def test_by_default_a_usage_request_or_report_gets_spec_limits() -> None:
    assert organization_filing_limits(DEFAULTS) == ORGANIZATION_FILING_LIMITS
    assert organization_filing_limits(DEFAULTS).kinds == {AttachmentKind.DOCUMENT}


def test_each_refusal_answers_with_its_code_status_and_the_limit() -> None:
    files = limit_error(LimitRefusal.FILES, APPLICATION_LIMITS)
    assert (files.status, files.body.code) == (422, "LIMIT_FILES")
    assert "20" in files.body.message_ja and "20" in files.body.message_en
    size = limit_error(LimitRefusal.SIZE, ORGANIZATION_FILING_LIMITS)
    assert (size.status, size.body.code) == (413, "LIMIT_SIZE")
    assert "20" in size.body.message_en and size.body.errors[0].field == "file"
    kind = limit_error(LimitRefusal.KIND, ORGANIZATION_FILING_LIMITS)
    assert (kind.status, kind.body.code, kind.body.errors[0].field) == (
        422, "ATTACHMENT_KIND_NOT_ALLOWED", "kind")
