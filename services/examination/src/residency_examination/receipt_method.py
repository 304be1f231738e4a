"""受領方法変更申出 (RCV), pure: a change of receipt method applies only while the
application is 処理待ち, 申請完了 or 審査中; afterwards it is refused (both outcomes are
emailed; see `commands.change_receipt_method`)."""

from residency_contracts import ApplicationStatus

CHANGEABLE_IN = frozenset(
    {ApplicationStatus.PENDING, ApplicationStatus.FILED, ApplicationStatus.EXAMINING})


def changeable(status: ApplicationStatus | str | None) -> bool:
    return status is not None and ApplicationStatus(status) in CHANGEABLE_IN
