from datetime import timedelta

from fastapi import APIRouter

from ..accounts import sessions as auth
from ..deps import Now, Pool, Settings
from ..errors import ErrorBody
from ..views import LoginRequest, Token

router = APIRouter(prefix="/auth", tags=["accounts"])


@router.post("/token", response_model=Token, responses={401: {"model": ErrorBody},
                                                        423: {"model": ErrorBody}})
async def issue_token(body: LoginRequest, pool: Pool, settings: Settings, now: Now) -> Token:
    """Log in with a user ID and password; returns a bearer token."""
    token = await auth.login(pool, body.login_id, body.password, now)
    idle = timedelta(hours=settings.session_idle_hours)
    return Token(access_token=token, expires_in=int(idle.total_seconds()))
