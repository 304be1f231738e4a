"""The bilingual messages of every verdict code (SPEC §5). The limits themselves are tested
with their one definition: tests/unit/contracts/test_attachment_limits.py."""

from __future__ import annotations

from residency_contracts.attachments import VerdictCode
from residency_documents.checks import Verdict, message


def test_every_code_has_a_japanese_and_an_english_message() -> None:
    for code in VerdictCode:
        ja, en = message(code)
        assert ja and en and ja != en
        assert any("\u3040" <= char <= "\u30ff" for char in ja), code


def test_refusals_tell_the_person_what_to_do_next() -> None:
    for code in VerdictCode:
        if code is not VerdictCode.OK:
            ja, en = message(code)
            assert "ください" in ja, code
            assert "attach" in en.lower() or "try again" in en, code


def test_a_verdict_is_ok_only_for_the_ok_code() -> None:
    assert Verdict.of(VerdictCode.OK).ok
    assert not Verdict.of(VerdictCode.PDF_ENCRYPTED).ok
