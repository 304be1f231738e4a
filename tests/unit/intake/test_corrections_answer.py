"""The filer answers the requested items only, each once."""

from residency_intake.applications.corrections import answer_problems

REQUESTED = ["Employment contract", "Certificate of enrollment"]


def test_an_answer_with_requested_items_has_no_problem() -> None:
    assert answer_problems(REQUESTED, ["Certificate of enrollment"]) == []
    assert answer_problems(REQUESTED, REQUESTED) == []


def test_items_not_requested_or_repeated_are_refused_per_field() -> None:
    problems = answer_problems(REQUESTED, ["Employment contract", "My cat", "Employment contract"])
    assert [(p.field, p.code) for p in problems] == [
        ("items[1].item", "NOT_REQUESTED"), ("items[2].item", "DUPLICATE_ITEM")]
    assert all(p.message_ja and p.message_en for p in problems)
