"""Catalogue keyword search (pure): all words, synonyms, NFKC, sorting, paging."""

from datetime import datetime

import pytest
from residency_intake.catalogue import search
from residency_intake.catalogue.data import entries


@pytest.fixture
def catalogue() -> list[dict]:
    rows = entries()
    for row in rows:
        row["reception_start"] = datetime.fromisoformat(row["reception_start"])
    return rows


def codes(catalogue: list[dict], q: str | None, synonyms: bool = False, **kw: object) -> list:
    args = {"sort": "code", "order": "asc", "page": 1, "per_page": 50} | kw
    page = search.search(catalogue, q, use_synonyms=synonyms, **args)  # type: ignore[arg-type]
    return [e["code"] for e in page.items]


def test_the_catalogue_has_every_procedure_of_the_spec(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert codes(catalogue, None) == sorted(
        ["COE", "ACQ", "CHG", "EXT", "WRK", "REE", "ACT", "RCV", "USE", "RPT"])
    by_code = {e["code"]: e for e in catalogue}
    assert by_code["USE"]["filers"] == by_code["RPT"]["filers"] == ["organization_staff"]
    assert not by_code["REE"]["standalone"] and not by_code["ACT"]["standalone"]
    assert by_code["COE"]["bulk"] and not by_code["ACQ"]["bulk"]


def test_every_word_must_match_and_one_unmatched_word_gives_nothing(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert codes(catalogue, "在留期間") == ["EXT"]
    assert codes(catalogue, "在留期間 更新許可") == ["EXT"]
    assert codes(catalogue, "在留期間 更新許可 ペンギン") == []


def test_english_words_match_names_and_descriptions_case_insensitively(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert codes(catalogue, "PERIOD of STAY") == ["EXT"]
    assert codes(catalogue, "Born NATIONALITY") == ["ACQ"]  # only in its description


def test_full_width_and_half_width_are_the_same(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert codes(catalogue, "ＥＸＰＩＲＹ") == codes(catalogue, "expiry") == ["EXT"]
    assert codes(catalogue, "ｱﾙﾊﾞｲﾄ") == codes(catalogue, "アルバイト") == ["ACT"]
    assert codes(catalogue, "在留期間\u3000更新") == ["EXT"]  # ideographic space separates


def test_synonyms_widen_a_word_only_when_asked(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert codes(catalogue, "renewal") == []
    assert "EXT" in codes(catalogue, "renewal", synonyms=True)
    assert codes(catalogue, "COE") == []
    assert codes(catalogue, "coe", synonyms=True) == ["COE"]
    assert codes(catalogue, "在留資格認定証明書") == ["COE"]
    assert codes(catalogue, "certificate of eligibility", synonyms=True) == ["COE"]
    assert codes(catalogue, "switch") == []
    assert "CHG" in codes(catalogue, "switch", synonyms=True)


def test_synonyms_still_need_every_word(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert codes(catalogue, "renewal ペンギン", synonyms=True) == []


def test_a_term_in_two_sets_gets_both() -> None:
    table = search.parse_synonyms({"sets": [["a", "B"], ["b", "c"]]})
    assert table["b"] == frozenset({"a", "b", "c"})
    assert search.alternatives("x", table) == {"x"}
    assert search.alternatives("a", None) == {"a"}


def test_sorting_by_reception_start_name_and_code(catalogue) -> None:  # type: ignore[no-untyped-def]
    newest = codes(catalogue, None, sort="reception_start", order="desc")
    # the manual's list order; equal starts stay in code order
    assert newest == ["COE", "ACQ", "CHG", "EXT", "WRK", "ACT", "RCV", "REE", "RPT", "USE"]
    oldest = codes(catalogue, None, sort="reception_start", order="asc")
    assert oldest[-1] == "COE" and oldest.index("EXT") < oldest.index("CHG")
    assert codes(catalogue, None, sort="code", order="desc")[0] == "WRK"
    by_english = codes(catalogue, None, sort="name", order="asc", lang="en")
    assert by_english[:2] == ["WRK", "COE"]  # "Certificate of authorized…" < "…of Eligibility"
    by_reading = codes(catalogue, None, sort="name", order="asc", lang="ja")
    assert by_reading[-1] == "USE"  # りようもうしで comes last in kana order


def test_paging_slices_and_a_page_past_the_end_is_empty(catalogue) -> None:  # type: ignore[no-untyped-def]
    first = search.paginate(list(range(25)), 1, 10)  # type: ignore[arg-type]
    last = search.paginate(list(range(25)), 3, 10)  # type: ignore[arg-type]
    past = search.paginate(list(range(25)), 4, 10)  # type: ignore[arg-type]
    assert first.items == list(range(10)) and first.pages == 3 and first.total == 25
    assert last.items == list(range(20, 25))
    assert past.items == [] and past.total == 25
    assert search.paginate([], 1, 10).pages == 0
