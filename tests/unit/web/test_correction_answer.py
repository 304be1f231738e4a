"""What the correction page answers and counts (manual §7.2, SPEC §5): the request a form
names (the newest open one when none), and the files added since the newest open request as
a set of their own."""

from residency_web.correction_answer import (
    answer_files,
    answer_items,
    answered_request,
    note_field,
    open_requests,
    remaining,
)

OLD = {"id": "a", "items": ["Seal"], "requested_at": "2026-04-10T14:00:00+09:00",
       "answered_at": None}
NEW = {"id": "b", "items": ["Photo", "Certificate"], "requested_at": "2026-04-12T05:00:00Z",
       "answered_at": None}
DONE = {"id": "c", "items": ["Name"], "requested_at": "2026-04-01T09:00:00+09:00",
        "answered_at": "2026-04-02T09:00:00+09:00"}


def _file(at: str, size: int = 1024 * 1024, code: str | None = "OK") -> dict[str, object]:
    return {"uploaded_at": at, "size": size, "code": code}


def test_open_requests_leave_out_answered_ones_and_put_the_newest_first() -> None:
    assert [r["id"] for r in open_requests([DONE, OLD, NEW])] == ["b", "a"]
    assert open_requests([DONE]) == []


def test_the_answers_files_are_those_uploaded_since_the_newest_open_request() -> None:
    before = _file("2026-04-12T13:59:59+09:00")
    since = _file("2026-04-12T14:00:00+09:00")
    assert answer_files([before, since], [OLD, NEW, DONE]) == [since]
    assert answer_files([before, since], [DONE]) == []


def test_what_is_left_counts_the_answers_files_only() -> None:
    files = [_file("2026-04-12T15:00:00+09:00", 5 * 1024 * 1024, None)]
    assert remaining(files, 20, 25 * 1024 * 1024) == {"files": 19, "mb": "20.0",
                                                       "pending": True, "max_files": 20,
                                                       "max_mb": 25}
    assert remaining([], 20, 20 * 1024 * 1024) == {"files": 20, "mb": "20.0", "pending": False,
                                                   "max_files": 20, "max_mb": 20}


def test_the_answer_carries_each_requested_item_verbatim_with_its_note() -> None:
    assert answer_items(NEW, ["Retaken", ""]) == [
        {"item": "Photo", "note": "Retaken"}, {"item": "Certificate", "note": None}]
    assert answer_items(None, []) == []


def test_a_form_answers_the_request_it_names_or_else_the_newest_open_one() -> None:
    assert answered_request([DONE, OLD, NEW], "a") == OLD
    assert answered_request([DONE, OLD, NEW], "") == NEW
    assert answered_request([DONE, OLD, NEW], "c") == DONE  # intake says it is answered
    assert answered_request([DONE, OLD, NEW], "zzz") is None
    assert answered_request([DONE], "") is None


def test_each_requests_notes_have_names_of_their_own() -> None:
    assert note_field(OLD, 0) == "note_a_0" != note_field(NEW, 0)
