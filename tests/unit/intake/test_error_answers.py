"""The error handlers answer every 4xx in the one shape, worded from the catalogues."""

from typing import Annotated

from fastapi import FastAPI, Query
from pydantic import BaseModel, Field
from residency_intake import errors
from residency_intake.domain.content import EligibleStatus
from residency_intake.errors import ApiError
from starlette.testclient import TestClient


class Body(BaseModel):
    name: str = Field(max_length=3)
    status: EligibleStatus


def _client() -> TestClient:
    app = FastAPI()
    errors.install(app)

    @app.get("/items")
    async def items(limit: Annotated[int, Query(ge=1, le=100)] = 5) -> int:
        return limit

    @app.post("/items")
    async def create(body: Body) -> str:
        return body.name

    @app.get("/filed")
    async def filed() -> None:
        raise ApiError(409, "ALREADY_FILED")

    return TestClient(app)


def test_pydantic_errors_get_their_catalogue_wording_and_our_validators_theirs() -> None:
    r = _client().post("/items", json={"name": "toolong", "status": "diplomat"})
    assert r.status_code == 422 and r.json()["code"] == "VALIDATION_FAILED"
    assert r.json()["message_en"] == "Some fields are not valid."
    by_field = {e["field"]: e for e in r.json()["errors"]}
    assert by_field["name"]["code"] == "STRING_TOO_LONG"
    assert by_field["name"]["message_ja"] == "3文字以内で入力してください。"
    assert by_field["status"]["code"] == "STATUS_NOT_ELIGIBLE"
    assert "短期滞在" in by_field["status"]["message_ja"]
    assert "Temporary Visitor" in by_field["status"]["message_en"]


def test_query_limits_and_unknown_paths_and_methods_answer_in_both_languages() -> None:
    c = _client()
    r = c.get("/items", params={"limit": 0})
    assert r.json()["errors"][0]["message_en"] == "Enter at least 1."
    assert c.get("/items", params={"limit": "x"}).json()["errors"][0]["code"] == "INT_PARSING"
    missing = c.get("/nowhere")
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    assert missing.json()["message_ja"] == "見つかりません。"
    wrong = c.delete("/items")
    assert wrong.status_code == 405 and wrong.json()["code"] == "METHOD_NOT_ALLOWED"
    assert wrong.json()["message_ja"] and wrong.json()["message_en"]


def test_an_api_error_answers_with_its_status_and_catalogue_wording() -> None:
    r = _client().get("/filed")
    assert r.status_code == 409 and r.json() == {
        "code": "ALREADY_FILED", "message_ja": "既に申請済みです。申請済みの内容は変更できません。",
        "message_en": "This has already been filed; it can no longer be changed.", "errors": []}
