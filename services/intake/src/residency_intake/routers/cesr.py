from typing import Any

from fastapi import APIRouter, FastAPI, Request

from .. import cesr_verify
from ..cesr_verify import CesrNumberBody, CesrVerification
from ..deps import Now, Pool, Settings
from ..errors import ErrorBody
from ..openapi_docs import CESR_NUMBER

router = APIRouter(tags=["cesr"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (413, 415, 422, 429, 503)}
BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/CesrNumberBody"},
                         "example": CESR_NUMBER},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"}}}}}}}


@router.post("/cesr/verify", response_model=CesrVerification, responses=ERRORS,
             openapi_extra=BODY,
             summary="Verify an electronic CESR (number or PDF)")
async def verify_cesr(request: Request, pool: Pool, settings: Settings,
                      now: Now) -> CesrVerification:
    """No login. A number alone: whether this system issued it and it is still valid, nothing
    more. A PDF: also whether its signature is the system's and the file is exactly the one
    issued (then with its issue and validity dates)."""
    return await cesr_verify.verify_request(pool, request.app.state.sandbox, settings, request,
                                            now)


def document(app: FastAPI) -> None:
    """Add CesrNumberBody to the app's OpenAPI components: the route reads its body itself
    (JSON or multipart), so FastAPI does not collect the JSON body's model."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schemas = build().setdefault("components", {}).setdefault("schemas", {})
            schemas["CesrNumberBody"] = CesrNumberBody.model_json_schema()
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
