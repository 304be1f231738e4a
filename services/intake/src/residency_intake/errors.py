"""One error shape for every 4xx: a code, and per field a code and messages in JA and EN."""

from collections.abc import Iterable
from typing import Any, Protocol

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .wording import catalogue, wording


class FieldError(BaseModel):
    field: str | None = Field(description="Dotted path of the field, or null.",
                              examples=["content.current_status.expiry_date"])
    code: str = Field(examples=["LAST_DAY_OF_STAY"])
    message_ja: str
    message_en: str


class ErrorBody(BaseModel):
    model_config = {"json_schema_extra": {"examples": [
        {"code": "VALIDATION_FAILED", "message_ja": "入力内容に誤りがあります。",
         "message_en": "Some fields are not valid.", "errors": [
             {"field": "content.current_status.expiry_date", "code": "LAST_DAY_OF_STAY",
              "message_ja": "在留期間の満了日当日はオンラインで申請できません。",
              "message_en": "You cannot apply online on the last day of your period of stay."}]},
        {"code": "NOT_FOUND", "message_ja": "見つかりません。", "message_en": "Not found.",
         "errors": []}]}}
    code: str = Field(examples=["VALIDATION_FAILED"])
    message_ja: str
    message_en: str
    errors: list[FieldError] = []


class Problem(Protocol):
    """A rule's finding (domain.rules.Problem): its wording is already looked up."""

    @property
    def field(self) -> str | None: ...
    @property
    def code(self) -> str: ...
    @property
    def ja(self) -> str: ...
    @property
    def en(self) -> str: ...


class ApiError(Exception):
    """A 4xx answer by code; its wording comes from the catalogues (`wording`), placeholders
    filled from `params`. `field` names the one field at fault; `errors` lists several."""

    def __init__(self, status: int, code: str, *, field: str | None = None,
                 errors: list[FieldError] | None = None, **params: object) -> None:
        ja, en = wording(code, **params)
        self._set(status, code, ja, en, field, errors)

    @classmethod
    def worded(cls, status: int, code: str, texts: tuple[str, str], *, field: str | None = None,
               errors: list[FieldError] | None = None) -> "ApiError":
        """An error whose wording was already looked up (a rule's Problem, a bulk file error)."""
        self = cls.__new__(cls)
        self._set(status, code, texts[0], texts[1], field, errors)
        return self

    @classmethod
    def for_problem(cls, status: int, problem: Problem, field: str | None = None) -> "ApiError":
        return cls.worded(status, problem.code, (problem.ja, problem.en),
                          field=field or problem.field)

    def _set(self, status: int, code: str, ja: str, en: str, field: str | None,
             errors: list[FieldError] | None) -> None:
        Exception.__init__(self, code)
        self.status = status
        self.body = ErrorBody(code=code, message_ja=ja, message_en=en, errors=errors or (
            [FieldError(field=field, code=code, message_ja=ja, message_en=en)] if field else []))


def field_error_of(field: str | None, code: str, **params: object) -> FieldError:
    """One field's error by code (wording from the catalogues)."""
    ja, en = wording(code, **params)
    return FieldError(field=field, code=code, message_ja=ja, message_en=en)


def problem_errors(problems: Iterable[Problem]) -> list[FieldError]:
    """Rule problems as field errors."""
    return [FieldError(field=p.field, code=p.code, message_ja=p.ja, message_en=p.en)
            for p in problems]


def _field_error(err: dict[str, Any]) -> FieldError:
    loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if "ja" in ctx:  # our own error (wording.invalid) carries both languages
        return FieldError(field=".".join(loc) or None, code=kind.upper(),
                          message_ja=ctx["ja"], message_en=err["msg"])
    code = kind.upper() or "INVALID"
    ja, en = catalogue().get(code) or catalogue()["INVALID"]
    try:
        ja, en = ja.format(**ctx), en.format(**ctx)
    except (KeyError, IndexError):
        pass
    return FieldError(field=".".join(loc) or None, code=code, message_ja=ja, message_en=en)


field_error = _field_error
"""Public name: turn one pydantic error (with a `loc`) into a FieldError."""


def _body(code: str) -> dict[str, Any]:
    ja, en = wording(code)
    return ErrorBody(code=code, message_ja=ja, message_en=en).model_dump()


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_r: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_r: Request, exc: RequestValidationError) -> JSONResponse:
        body = ApiError(422, "VALIDATION_FAILED", errors=[_field_error(e) for e in exc.errors()])
        return JSONResponse(body.body.model_dump(), status_code=422)

    @app.exception_handler(asyncpg.exceptions.DataError)
    async def data_error(_r: Request, exc: asyncpg.exceptions.DataError) -> JSONResponse:
        # e.g. a NUL character, which PostgreSQL text cannot hold; the transaction rolled back
        return JSONResponse(_body("INVALID_CHARACTERS"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_r: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 401: "UNAUTHENTICATED"}.get(
            exc.status_code, "HTTP_ERROR")
        return JSONResponse(_body(code), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
