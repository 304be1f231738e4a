"""Reuse pre-filling, the status-list parameters and the network allow-list: pure rules."""

from datetime import date

import pytest
from residency_contracts import Procedure as P
from residency_devstack.samples import ext_content
from residency_intake.domain import listing, network, reuse
from residency_intake.domain.rules import Problem


def test_reuse_is_limited_to_two_years() -> None:
    assert not reuse.too_old(date(2024, 11, 22), date(2026, 11, 22))
    assert reuse.too_old(date(2024, 11, 21), date(2026, 11, 22))
    assert not reuse.too_old(date(2026, 2, 28), date(2028, 2, 29))  # leap day


def test_reuse_blanks_and_flags_fields_whose_rule_changed_after_filing() -> None:
    changes = {"identity.occupation": date(2025, 4, 1), "desired_period": date(2025, 4, 1),
               "identity.mobile_phone": date(2025, 4, 1)}
    original = ext_content()
    original["identity"]["mobile_phone"] = None
    content, flagged = reuse.prefill(original, date(2025, 3, 31), changes)
    assert flagged == ["desired_period", "identity.occupation"]  # mobile_phone was empty
    assert "occupation" not in content["identity"] and "desired_period" not in content
    assert content["identity"]["latin_name"] == "SAMPLE,TARO"


def test_reuse_keeps_fields_whose_rule_changed_before_filing_and_drops_confirmations() -> None:
    original = ext_content()
    content, flagged = reuse.prefill(original, date(2025, 4, 1),
                                     {"identity.occupation": date(2025, 4, 1)})
    assert flagged == [] and content["identity"] == original["identity"]
    assert "content_true" not in content and "applicant_intent_confirmed" not in content
    assert original["content_true"] is True  # the original is not modified


def test_every_registered_rule_change_names_a_real_field_path() -> None:
    assert all(path and "." not in (path[0], path[-1]) for path in reuse.RULE_CHANGES)


@pytest.mark.parametrize("value", ["2026-04-01", "20261301", "2026041", "abcdefgh", "２０２６０４０１"])
def test_filing_dates_must_be_yyyymmdd(value: str) -> None:
    problem = listing.parse_day(value, "filed_from")
    assert isinstance(problem, Problem) and problem.field == "filed_from"
    assert problem.code == "INVALID_DATE" and "YYYYMMDD" in problem.ja


def test_a_date_range_covers_whole_days_in_japan() -> None:
    lo, hi = listing.day_range(date(2026, 4, 1), date(2026, 4, 1))
    assert lo is not None and hi is not None
    assert lo.isoformat() == "2026-04-01T00:00:00+09:00"
    assert hi.isoformat() == "2026-04-02T00:00:00+09:00"
    assert listing.parse_day("20260401", "filed_to") == date(2026, 4, 1)
    assert listing.parse_day(None, "filed_to") is None


def test_only_ten_twenty_or_fifty_rows_per_page() -> None:
    assert listing.paging_problems(1, 20) == []
    assert [p.field for p in listing.paging_problems(0, 30)] == ["per_page", "page"]


def test_procedure_keywords_match_japanese_and_english_names_all_words() -> None:
    assert listing.matching_procedures("更新") == [P.EXT]
    assert listing.matching_procedures("status change") == [P.CHG]
    assert set(listing.matching_procedures("在留資格")) >= {P.COE, P.ACQ, P.CHG}
    assert listing.matching_procedures("更新 再入国") == []


def test_an_empty_allow_list_allows_everyone_otherwise_only_listed_networks() -> None:
    assert network.allowed("198.51.100.7", [])
    assert network.allowed("203.0.113.9", ["203.0.113.0/24"])
    assert not network.allowed("198.51.100.7", ["203.0.113.0/24"])
    assert not network.allowed(None, ["203.0.113.0/24"])
    assert not network.allowed("not-an-ip", ["203.0.113.0/24"])


def test_forwarded_for_is_believed_only_from_trusted_proxies() -> None:
    proxies = ["10.0.0.0/8"]
    assert network.client_address("10.0.0.5", "203.0.113.9", proxies) == "203.0.113.9"
    assert network.client_address("198.51.100.7", "203.0.113.9", proxies) == "198.51.100.7"
    # a client-forged left-most hop is ignored: the first untrusted hop from the right wins
    assert network.client_address("10.0.0.5", "203.0.113.9, 198.51.100.7",
                                  proxies) == "198.51.100.7"
    assert network.client_address("10.0.0.5", None, proxies) == "10.0.0.5"


def test_reuse_of_simultaneous_ones_marks_sections_equal_to_the_mains_as_copied() -> None:
    main = ext_content()
    own_identity = main["identity"] | {"latin_name": "SAMPLE,HANAKO"}
    children = [("REE", {"identity": main["identity"], "agent": None, "permit_type": "single"}),
                ("WRK", {"identity": own_identity, "activity_description": "Research."})]
    entries, flagged = reuse.prefill_simultaneous(main, children, date(2025, 3, 31),
                                                  {"activity_description": date(2025, 4, 1)})
    assert [e["procedure"] for e in entries] == ["REE", "WRK"]
    assert entries[0]["copy"] == {"personal_items": True, "legal_representative": False,
                                  "agent": False}
    assert "identity" not in entries[0]["content"]
    assert entries[0]["content"]["permit_type"] == "single"
    assert entries[1]["copy"]["personal_items"] is False
    assert entries[1]["content"]["identity"]["latin_name"] == "SAMPLE,HANAKO"
    assert "activity_description" not in entries[1]["content"]
    assert flagged == ["simultaneous[1].content.activity_description"]
