"""Where a procedure's page (manual §4.1, §6.1, §7.3, §7.4) leads to start it, by who looks
(no I/O): the form of a filing procedure, the usage request or periodic report page for
organization staff, the status list for a change of receipt method, the receipt list for a
certificate of eligibility; a signed-out visitor is asked to log in and come back; an
examiner files nothing."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Start:
    url: str
    label_key: str


def starts(code: str, role: str | None, form_codes: frozenset[str] | set[str]
           ) -> list[Start]:
    """The start buttons of procedure `code` for `role` (None: signed out)."""
    code = code.upper()
    if role is None:
        offered = code in form_codes or code in ("USE", "RPT", "RCV")
        return [Start(f"/login?next={quote(f'/procedures/{code}', safe='/')}",
                      "login_to_apply")] if offered else []
    if role == "examiner":
        return []
    found: list[Start] = []
    if code in form_codes:
        found.append(Start(f"/apply/{code}", "start_application"))
    if role == "organization_staff" and code == "USE":
        found.append(Start("/usage-request", "start_application"))
    if role == "organization_staff" and code == "RPT":
        found.append(Start("/periodic-report", "report_title"))
    if code == "RCV":
        found.append(Start("/applications", "status_title"))
    if code == "COE":
        found.append(Start("/cesr-receipts", "cesr_title"))
    return found
