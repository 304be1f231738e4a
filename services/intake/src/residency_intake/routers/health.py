from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Check that the service answers", responses={200: {"content": {"application/json": {
    "example": {"status": "alive", "service": "intake"}}}}})
async def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "alive", "service": "intake"}


@router.get("/readyz", summary="Check that the service can serve requests", responses={
    200: {"content": {"application/json": {"example": {"ready": True, "service": "intake"}}}},
    503: {"description": "Not ready", "content": {"application/json": {
        "example": {"ready": False, "service": "intake"}}}}})
async def readyz(request: Request) -> JSONResponse:
    """Readiness: database, broker and object store reachable."""
    state = request.app.state
    ok = await state.runtime.ready() and await state.store.ready(state.settings.quarantine_bucket)
    return JSONResponse({"ready": ok, "service": "intake"}, status_code=200 if ok else 503)
