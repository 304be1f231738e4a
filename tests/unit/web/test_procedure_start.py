"""The start buttons of a procedure page (manual §4.1, §6.1, §7.3, §7.4) by who looks."""

from residency_web.procedure_start import starts

FORMS = {"EXT", "COE", "CHG"}


def _urls(code: str, role: str | None) -> list[str]:
    return [s.url for s in starts(code, role, FORMS)]


def test_a_signed_out_visitor_is_asked_to_log_in_and_come_back_to_the_procedure() -> None:
    for code in ("EXT", "RPT", "USE", "RCV"):
        [start] = starts(code, None, FORMS)
        assert (start.url, start.label_key) == (f"/login?next=/procedures/{code}",
                                                 "login_to_apply")


def test_an_examiner_gets_no_start_button() -> None:
    assert all(_urls(code, "examiner") == [] for code in ("EXT", "COE", "RPT", "USE", "RCV"))


def test_the_periodic_report_and_usage_request_start_for_organization_staff_only() -> None:
    assert _urls("RPT", "organization_staff") == ["/periodic-report"]
    assert _urls("USE", "organization_staff") == ["/usage-request"]
    assert _urls("RPT", "lawyer_or_scrivener") == []


def test_receipt_method_and_cesr_receipt_lead_to_their_pages() -> None:
    assert _urls("RCV", "foreign_national") == ["/applications"]
    assert _urls("COE", "lawyer_or_scrivener") == ["/apply/COE", "/cesr-receipts"]
    assert _urls("EXT", "relative") == ["/apply/EXT"]
