from typing import Any

from fastapi import APIRouter, Request

from .. import cesr_verify
from ..cesr_verify import CesrVerification
from ..deps import Now, Pool, Settings
from ..errors import ErrorBody

router = APIRouter(tags=["cesr"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (413, 415, 422, 503)}
BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "required": ["cesr_number"],
                                    "properties": {"cesr_number": {"type": "string"}}},
                         "example": {"cesr_number": "東オンCESR26000001"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"}}}}}}}


@router.post("/cesr/verify", response_model=CesrVerification, responses=ERRORS,
             openapi_extra=BODY, summary="Verify an electronic CESR (number or PDF)")
async def verify_cesr(request: Request, pool: Pool, settings: Settings,
                      now: Now) -> CesrVerification:
    """No login: whether this system issued the CESR number and, for a PDF, whether its
    signature is the system's and the file is exactly the one issued."""
    return await cesr_verify.verify_request(pool, settings, request, now)
