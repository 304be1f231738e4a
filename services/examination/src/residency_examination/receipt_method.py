"""受領方法変更申出 (RCV), pure: a change of receipt method applies only while the
application is 処理待ち, 申請完了 or 審査中; afterwards it is refused (both outcomes are
emailed; see `commands.change_receipt_method`). What may change: a COE's certificate (CESR)
between email (electronic) and post (paper); any other procedure's residence card (or
certificate) between mail and a bureau counter (SPEC §4, manual §7.3)."""

from residency_contracts import ApplicationStatus, Procedure

CHANGEABLE_IN = frozenset(
    {ApplicationStatus.PENDING, ApplicationStatus.FILED, ApplicationStatus.EXAMINING})
CERTIFICATE_METHODS = ("email", "post")
CARD_METHODS = ("mail", "counter")


def changeable(status: ApplicationStatus | str | None) -> bool:
    return status is not None and ApplicationStatus(status) in CHANGEABLE_IN


def methods_for(procedure: Procedure | str) -> tuple[str, ...]:
    """The receipt methods an application of `procedure` chooses between."""
    return CERTIFICATE_METHODS if Procedure(procedure) is Procedure.COE else CARD_METHODS


def fits(procedure: Procedure | str, method: str) -> bool:
    return method in methods_for(procedure)
