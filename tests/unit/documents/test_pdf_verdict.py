"""The table that decides a PDF's verdict from the categories of its problems (issue 13)."""

import pikepdf
import pytest
from residency_contracts.attachments import VerdictCode
from residency_documents.pdf_verdict import ACCEPTED, VERDICTS, Problem, decide

# The versions the categories were drawn against; an upgrade is a reviewed change (uv.lock).
PINNED_PIKEPDF, PINNED_LIBQPDF = "10.17.0", "12.4.2"


def test_every_problem_category_has_a_verdict() -> None:
    assert set(VERDICTS) == set(Problem)


def test_no_problem_is_accepted() -> None:
    assert decide([]) is VerdictCode.OK


@pytest.mark.parametrize("problem", [Problem.REPAIRED, Problem.IMAGE_UNVERIFIED])
def test_what_qpdf_repairs_and_what_cannot_be_verified_here_is_accepted(problem: Problem) -> None:
    assert decide([problem]) is ACCEPTED


@pytest.mark.parametrize(("problem", "code"), [
    (Problem.NOT_A_PDF, VerdictCode.NOT_PDF),
    (Problem.NEEDS_PASSWORD, VerdictCode.PDF_ENCRYPTED),
    (Problem.ENCRYPTED, VerdictCode.PDF_ENCRYPTED),
    (Problem.RESTRICTED, VerdictCode.PDF_RESTRICTED),
    (Problem.UNRECOVERABLE, VerdictCode.PDF_MALFORMED),
    (Problem.NO_PAGES, VerdictCode.PDF_MALFORMED),
    (Problem.PAGES_MISSING, VerdictCode.PDF_MALFORMED),
    (Problem.PAGE_CONTENT_MISSING, VerdictCode.PDF_MALFORMED),
    (Problem.PAGE_CONTENT_UNDECODABLE, VerdictCode.PDF_MALFORMED),
    (Problem.IMAGE_UNDECODABLE, VerdictCode.PDF_MALFORMED),
    (Problem.TOO_LARGE_DECODED, VerdictCode.PDF_MALFORMED),
    (Problem.REWRITE_FAILED, VerdictCode.PDF_MALFORMED),
])  # fmt: skip
def test_each_refusing_category_gives_its_code(problem: Problem, code: VerdictCode) -> None:
    assert decide([problem]) is code
    assert decide([problem, Problem.REPAIRED, Problem.IMAGE_UNVERIFIED]) is code


def test_an_encrypted_file_that_is_also_broken_is_refused_as_encrypted() -> None:
    assert decide([Problem.UNRECOVERABLE, Problem.ENCRYPTED]) is VerdictCode.PDF_ENCRYPTED
    assert decide([Problem.PAGES_MISSING, Problem.NEEDS_PASSWORD]) is VerdictCode.PDF_ENCRYPTED


def test_restrictions_on_printing_or_copying_name_the_restriction() -> None:
    assert decide([Problem.ENCRYPTED, Problem.RESTRICTED]) is VerdictCode.PDF_RESTRICTED


def test_the_verdict_does_not_depend_on_how_often_a_problem_was_seen() -> None:
    assert decide([Problem.REPAIRED] * 1000) is decide([Problem.REPAIRED])
    assert decide([Problem.IMAGE_UNDECODABLE] * 3) is decide([Problem.IMAGE_UNDECODABLE])


def test_the_pdf_library_is_the_pinned_one() -> None:
    assert (pikepdf.__version__, pikepdf.__libqpdf_version__) == (PINNED_PIKEPDF, PINNED_LIBQPDF)
