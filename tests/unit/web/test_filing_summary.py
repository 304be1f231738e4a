"""The items a usage request's or periodic report's confirmation page lists."""

from residency_web.filing_summary import filing_rows


def test_a_new_usage_request_lists_the_organization_bureau_and_certificate_number() -> None:
    rows = filing_rows("USE", {"kind": "new", "bureau": "東", "agent_certificate_number":
                               "123456789012", "organization": {
                                   "name": "Sample School", "address": "1-1 Example-cho",
                                   "phone": "0300000000"}})
    assert rows == [("usage_kind", "usage_kind_new", True), ("org_name", "Sample School", False),
                    ("org_address", "1-1 Example-cho", False),
                    ("org_phone", "0300000000", False), ("bureau", "bureau_東", True),
                    ("agent_certificate_number", "123456789012", False)]


def test_an_additional_request_lists_the_organization_it_joins() -> None:
    rows = filing_rows("USE", {"kind": "additional", "organization_id": "ORG-1",
                               "first_request_office": None})
    assert rows == [("usage_kind", "usage_kind_additional", True),
                    ("organization_id", "ORG-1", False)]


def test_a_periodic_report_lists_its_figures_and_a_count_of_zero() -> None:
    rows = filing_rows("RPT", {"phone": "0300000000", "foreign_nationals_count": 0})
    assert rows == [("phone", "0300000000", False), ("foreign_nationals_count", "0", False)]
