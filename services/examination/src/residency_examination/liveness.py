"""Whether an application is live (one live application per person and procedure): every
status but the terminal ones (完了, 完了(不許可)). Until `residency_contracts.liveness` (the
shared definition) is available, the same rule from `TERMINAL_STATUSES`."""

from residency_contracts import TERMINAL_STATUSES, ApplicationStatus


def is_live(status: ApplicationStatus | str | None) -> bool:
    return status is None or ApplicationStatus(status) not in TERMINAL_STATUSES
