"""What a COE's electronic CESR will show, handed to examination at filing
(`ApplicationFiled.certificate`, internal topic). Other procedures carry nothing."""

from typing import Any

import asyncpg
from residency_contracts import Procedure
from residency_contracts.cesr import CesrParticulars

from .domain.procedures import EligibilityContent


async def particulars(conn: asyncpg.Connection, row: Any) -> CesrParticulars | None:
    if row["procedure"] != Procedure.COE:
        return None
    content = EligibilityContent.model_validate_json(row["content"])
    organization = None
    if row["organization_id"] is not None:
        organization = await conn.fetchval("SELECT name FROM organizations WHERE id = $1",
                                           row["organization_id"])
    if organization is None and content.agent is not None:
        organization = content.agent.organization or content.agent.name
    identity = content.identity
    return CesrParticulars(
        receipt_method=content.receipt_method, latin_name=identity.latin_name,
        nationality=identity.nationality, date_of_birth=identity.date_of_birth,
        sex=identity.sex, status_of_residence=str(content.intended_status.value),
        period_of_stay=content.intended_period, organization_name=organization)
