"""Registration, recovery and the user's own profile (SPEC §2). Links in the emails point
at the GET endpoints below under `public_base_url` (…?token=…)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..accounts import profile, recovery, registration
from ..accounts.views import (
    Accepted,
    EmailChangeRequest,
    LinkInfo,
    PasswordChange,
    PasswordReset,
    PasswordResetRequest,
    PhoneChange,
    Profile,
    Registered,
    Registration,
    RegistrationRequest,
    UserIdReminderRequest,
)
from ..deps import CurrentUser, Now, Passwords, Pool, Settings, Throttles
from ..errors import ErrorBody
from ..openapi_docs import TOKEN

router = APIRouter(tags=["accounts"], responses={422: {"model": ErrorBody}})
Token = Annotated[str, Query(min_length=1, max_length=100, description="From the emailed link.",
                             examples=[TOKEN])]
Responses = dict[int | str, dict[str, Any]]
_LINK: Responses = {400: {"model": ErrorBody}, 410: {"model": ErrorBody}}
_401: Responses = {401: {"model": ErrorBody}}
_429: Responses = {429: {"model": ErrorBody}}
_BUSY: Responses = {**_429, 503: {"model": ErrorBody}}
_CURRENT: Responses = {**_401, 403: {"model": ErrorBody}, 423: {"model": ErrorBody}, **_BUSY}


@router.post("/accounts/registrations", status_code=202, response_model=Accepted,
             responses=_429, summary="Ask to register: mails a registration link")
async def request_registration(body: RegistrationRequest, pool: Pool, settings: Settings,
                               throttle: Throttles, now: Now) -> Accepted:
    """Step 1: mail a registration link (valid 24 h). Same answer for every address.
    Throttled per client address and per email address."""
    throttle.check("registration/email", body.email)
    return await registration.request_registration(pool, body.email, now,
                                                   settings.public_base_url)


@router.get("/accounts/registration", response_model=LinkInfo, responses=_LINK,
            summary="Open a registration link")
async def show_registration(token: Token, pool: Pool, now: Now) -> LinkInfo:
    """The registration link: says which address it is for and until when it is valid."""
    return await registration.show_registration_link(pool, token, now)


@router.post("/accounts/registration", status_code=201, response_model=Registered,
             responses={**_LINK, 409: {"model": ErrorBody}, **_BUSY},
             summary="Register: set your profile and password, get your user ID")
async def register(body: Registration, pool: Pool, passwords: Passwords, now: Now) -> Registered:
    """Step 2: profile and password with the link's token; issues and mails the user ID."""
    return await registration.complete_registration(pool, passwords, body, now)


@router.post("/accounts/user-id-reminders", status_code=202, response_model=Accepted,
             responses=_429, summary="Forgotten user ID: have it mailed")
async def remind_user_id(body: UserIdReminderRequest, pool: Pool, throttle: Throttles
                         ) -> Accepted:
    """Forgotten user ID: mailed when email and Latin name match. Same answer either way.
    Throttled per client address and per email address."""
    throttle.check("reminder/email", body.email)
    return await recovery.remind_user_id(pool, body.email, body.latin_name)


@router.post("/accounts/password-reset-requests", status_code=202, response_model=Accepted,
             responses=_429, summary="Forgotten password or locked account: mails a reset link")
async def request_password_reset(body: PasswordResetRequest, pool: Pool, settings: Settings,
                                 throttle: Throttles, now: Now) -> Accepted:
    """Mail a reset link (valid 24 h) when user ID and email match. Same answer either way.
    Throttled per client address and per user ID."""
    throttle.check("reset/account", body.login_id)
    return await recovery.request_password_reset(pool, body.login_id, body.email, now,
                                                 settings.public_base_url)


@router.get("/accounts/password-reset", response_model=LinkInfo, responses=_LINK,
            summary="Open a password-reset link")
async def show_password_reset(token: Token, pool: Pool, now: Now) -> LinkInfo:
    """The reset link: says until when it is valid."""
    return await recovery.show_reset_link(pool, token, now)


@router.post("/accounts/password-reset", response_model=Accepted, responses={**_LINK, **_BUSY},
             summary="Set a new password with a reset link")
async def reset_password(body: PasswordReset, pool: Pool, passwords: Passwords, now: Now
                         ) -> Accepted:
    """Set a new password with the link's token; unlocks a locked account at once."""
    await recovery.reset_password(pool, passwords, body.token, body.password, now)
    return Accepted(message_ja="パスワードを再設定しました。", message_en="The password has been reset.")


@router.get("/accounts/email-change", response_model=Accepted,
            responses={**_LINK, 409: {"model": ErrorBody}},
            summary="Confirm a new email address (link mailed to it)")
async def confirm_email_change(token: Token, pool: Pool, now: Now) -> Accepted:
    """The link mailed to the new address: opening it makes the new address effective."""
    return await profile.confirm_email_change(pool, token, now)


@router.get("/me", response_model=Profile, responses=_401, summary="Show your profile")
async def me(who: CurrentUser, pool: Pool) -> Profile:
    """The logged-in user's profile."""
    return await profile.get_profile(pool, who)


@router.post("/me/password", response_model=Accepted, responses=_CURRENT,
             summary="Change your password")
async def change_password(body: PasswordChange, who: CurrentUser, pool: Pool,
                          passwords: Passwords, now: Now) -> Accepted:
    """Change the password (current one required; wrong ones count toward the lockout);
    confirmed by email; outstanding reset and email-change links stop working."""
    await profile.change_password(pool, passwords, who, body.current_password,
                                  body.new_password, now)
    return Accepted(message_ja="パスワードを変更しました。", message_en="The password has been changed.")


@router.put("/me/phone", response_model=Profile, responses=_401,
            summary="Change your phone number")
async def change_phone(body: PhoneChange, who: CurrentUser, pool: Pool) -> Profile:
    """Change the phone number; confirmed by email."""
    return await profile.change_phone(pool, who, body.phone)


@router.post("/me/email", status_code=202, response_model=Accepted, responses=_CURRENT,
             summary="Ask to change your email address")
async def request_email_change(body: EmailChangeRequest, who: CurrentUser, pool: Pool,
                               passwords: Passwords, throttle: Throttles, settings: Settings,
                               now: Now) -> Accepted:
    """Ask to change the email address (current password required; wrong ones count toward
    the lockout): a link is mailed to the new address. Throttled per account."""
    throttle.check("email-change/account", str(who.user_id))
    return await profile.request_email_change(pool, passwords, who, body.current_password,
                                              body.new_email, now, settings.public_base_url)
