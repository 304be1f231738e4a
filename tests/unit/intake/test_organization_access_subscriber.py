"""intake's organization-access subscriber: only an approved USE / RPT grants access; every
other status event is passed over without opening a unit of work (no database)."""

from uuid import uuid4

import pytest
from residency_contracts import ApplicationStatus as S
from residency_contracts import ApplicationStatusChanged, Procedure
from residency_intake.organizations.subscriber import grants_access, on_status

from tests.unit.fake_unit_of_work import FakeUnitOfWork


def event(procedure: Procedure, status: S) -> ApplicationStatusChanged:
    return ApplicationStatusChanged(
        application_id=uuid4(), sequence=4, procedure=procedure, organization_id=uuid4(),
        previous_status=S.EXAMINING, status=status, reference_number="0000000018")


@pytest.mark.parametrize("procedure", [Procedure.USE, Procedure.RPT])
def test_an_approved_usage_request_or_periodic_report_grants_access(procedure) -> None:  # type: ignore[no-untyped-def]
    assert grants_access(event(procedure, S.COMPLETED))


@pytest.mark.parametrize(("procedure", "status"), [
    (Procedure.USE, S.RETURNED), (Procedure.RPT, S.DENIED), (Procedure.USE, S.EXAMINING),
    (Procedure.EXT, S.COMPLETED), (Procedure.COE, S.COMPLETED)])
async def test_any_other_status_event_changes_nothing_and_opens_no_unit_of_work(
        procedure: Procedure, status: S) -> None:
    uow = FakeUnitOfWork()
    assert not await on_status(uow, event(procedure, status), days=365)
    assert uow.opened == 0
