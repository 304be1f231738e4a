"""One error shape for every 4xx: a code, and per field a code and messages in JA and EN."""

from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException


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
        {"code": "NOT_FOUND", "message_ja": "見つかりません。", "message_en": "Not Found",
         "errors": []}]}}
    code: str = Field(examples=["VALIDATION_FAILED"])
    message_ja: str
    message_en: str
    errors: list[FieldError] = []


class ApiError(Exception):
    def __init__(self, status: int, code: str, ja: str, en: str, field: str | None = None,
                 errors: list[FieldError] | None = None) -> None:
        super().__init__(code)
        self.status = status
        self.body = ErrorBody(code=code, message_ja=ja, message_en=en, errors=errors or (
            [FieldError(field=field, code=code, message_ja=ja, message_en=en)] if field else []))


# pydantic error type -> (ja, en); {ctx} values are filled in.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("必須項目です。", "This field is required."),
    "string_too_long": ("{max_length}文字以内で入力してください。",
                        "Enter at most {max_length} characters."),
    "string_too_short": ("{min_length}文字以上で入力してください。",
                         "Enter at least {min_length} characters."),
    "string_pattern_mismatch": ("入力形式が正しくありません。", "The format is not valid."),
    "date_from_datetime_parsing": ("日付の形式が正しくありません（YYYY-MM-DD）。",
                                   "Enter a date as YYYY-MM-DD."),
    "date_parsing": ("日付の形式が正しくありません（YYYY-MM-DD）。", "Enter a date as YYYY-MM-DD."),
    "enum": ("選択肢から選んでください。", "Choose one of the listed values."),
    "literal_error": ("選択肢から選んでください。", "Choose one of the listed values."),
    "bool_parsing": ("はい・いいえで指定してください。", "Answer yes or no."),
    "json_invalid": ("JSONの形式が正しくありません。", "The request body is not valid JSON."),
    "extra_forbidden": ("この項目は入力できません。", "This field is not part of the form."),
    "int_parsing": ("半角数字で入力してください。", "Enter a whole number."),
    "int_type": ("半角数字で入力してください。", "Enter a whole number."),
    "greater_than_equal": ("{ge}以上で入力してください。", "Enter at least {ge}."),
    "less_than_equal": ("{le}以下で入力してください。", "Enter at most {le}."),
    "string_type": ("文字列で入力してください。", "Enter text."),
    "dict_type": ("項目の形式が正しくありません。", "This section must be an object."),
    "model_type": ("項目の形式が正しくありません。", "This section must be an object."),
    "model_attributes_type": ("項目の形式が正しくありません。", "This section must be an object."),
    "list_type": ("一覧の形式で入力してください。", "This must be a list."),
    "too_long": ("{max_length}件以内で入力してください。", "Enter at most {max_length} items."),
    "union_tag_invalid": ("種類の指定が正しくありません。", "Choose one of the listed kinds."),
    "union_tag_not_found": ("種類を指定してください。", "Say which kind this is."),
    "uuid_parsing": ("IDの形式が正しくありません。", "This is not a valid id."),
}
GENERIC = ("入力内容が正しくありません。", "The value is not valid.")


def _field_error(err: dict[str, Any]) -> FieldError:
    loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if "ja" in ctx:  # our own PydanticCustomError carries both languages
        return FieldError(field=".".join(loc) or None, code=kind.upper(),
                          message_ja=ctx["ja"], message_en=err["msg"])
    ja, en = MESSAGES.get(kind, GENERIC)
    try:
        ja, en = ja.format(**ctx), en.format(**ctx)
    except (KeyError, IndexError):
        pass
    return FieldError(field=".".join(loc) or None, code=kind.upper() or "INVALID",
                      message_ja=ja, message_en=en)


field_error = _field_error
"""Public name: turn one pydantic error (with a `loc`) into a FieldError."""


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_r: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_r: Request, exc: RequestValidationError) -> JSONResponse:
        body = ErrorBody(code="VALIDATION_FAILED", message_ja="入力内容に誤りがあります。",
                         message_en="Some fields are not valid.",
                         errors=[_field_error(e) for e in exc.errors()])
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(asyncpg.exceptions.DataError)
    async def data_error(_r: Request, exc: asyncpg.exceptions.DataError) -> JSONResponse:
        # e.g. a NUL character, which PostgreSQL text cannot hold; the transaction rolled back
        body = ErrorBody(code="INVALID_CHARACTERS",
                         message_ja="使用できない文字（制御文字など）が含まれています。",
                         message_en="The input contains characters that cannot be stored "
                                    "(such as control characters).")
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_r: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 401: "UNAUTHENTICATED"}.get(
            exc.status_code, "HTTP_ERROR")
        ja = {404: "見つかりません。", 401: "ログインしてください。"}.get(
            exc.status_code, "リクエストを処理できません。")
        body = ErrorBody(code=code, message_ja=ja, message_en=str(exc.detail))
        return JSONResponse(body.model_dump(), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
