"""What a receipt-method change (受領方法変更申出, RCV; SPEC §4, manual §7.3) may ask for.
Pure. (When it may: examination's `receipt_method` rule; intake refuses it early on the
status it mirrors, `applications/requests.py`.)

- A COE's certificate (CESR): email (electronic) or post (paper); no counter.
- Any other application with a receipt method: the residence card (or certificate) by mail or
  at a bureau counter; only at a counter when a re-entry permit is filed with it.
- An application without a receipt method (usage request, periodic report): nothing.
"""

from .rules import Problem

CERTIFICATE_METHODS = ("email", "post")
CARD_METHODS = ("mail", "counter")


def methods_for(procedure: str, has_method: bool, has_reentry: bool) -> tuple[str, ...]:
    """The methods a change may choose; () when the application has none to change."""
    if not has_method:
        return ()
    if procedure == "COE":
        return CERTIFICATE_METHODS
    return ("counter",) if has_reentry else CARD_METHODS


def change_problem(procedure: str, has_method: bool, has_reentry: bool, method: str,
                   counter_bureau: str | None) -> Problem | None:
    allowed = methods_for(procedure, has_method, has_reentry)
    if not allowed:
        return Problem.of("receipt_method", "RECEIPT_METHOD_NOT_APPLICABLE")
    if method not in allowed:
        if has_reentry and method == "mail":
            return Problem.of("receipt_method", "REENTRY_REQUIRES_COUNTER")
        code = "CERTIFICATE_BY_EMAIL_OR_POST" if procedure == "COE" else "CARD_BY_MAIL_OR_COUNTER"
        return Problem.of("receipt_method", code)
    if procedure == "COE" and counter_bureau:
        return Problem.of("counter_bureau", "NO_COUNTER_FOR_CERTIFICATE")
    return None
