"""Every page shows intake's instants in Japan time, in the page's language's one form: an
instant intake sends in UTC (late evening: already the next day in Japan) never shows as
UTC text — against a stand-in for intake answering with the API's shapes."""

from typing import Any

import httpx
import pytest

from tests.unit.web.test_pages_render import (
    ANSWERS,
    APP_ID,
    APPLICATION,
    ROW,
    fake_with,
    signed_in,
)

UTC_FILED = "2026-03-31T16:30:00Z"  # 2026-04-01 01:30 in Japan
SHOWN = {"ja": "2026年04月01日 01:30", "en": "2026-04-01 01:30 JST"}
UTC_REQUESTED = "2026-04-10T05:00:00Z"  # 14:00 in Japan
REQUESTED = {"ja": "2026年04月10日 14:00", "en": "2026-04-10 14:00 JST"}


def utc_fake(role: str) -> Any:
    fake = fake_with(role)
    row = ROW | {"filed_at": UTC_FILED, "created_at": UTC_FILED, "status": "returned"}
    fake.on("GET", "/applications", lambda r: httpx.Response(200, json={
        "items": [row], "total": 1, "page": 1, "per_page": 10}))
    fake.on("GET", f"/applications/{APP_ID}", lambda r: httpx.Response(
        200, json=APPLICATION | row))
    fake.on("GET", f"/applications/{APP_ID}/corrections", lambda r: httpx.Response(200, json=[
        {"id": APP_ID, "items": ["Certificate"], "requested_at": UTC_REQUESTED,
         "answered_at": None}]))
    fake.on("GET", "/examiner/applications", lambda r: httpx.Response(200, json=[
        row | {"organization_id": None, "hold": None}]))
    fake.on("GET", f"/examiner/applications/{APP_ID}", lambda r: httpx.Response(200, json=(
        ANSWERS[("GET", f"/examiner/applications/{APP_ID}")] | {
            "filed_at": UTC_FILED, "corrections": [
                {"id": APP_ID, "items": ["Certificate"], "requested_at": UTC_REQUESTED,
                 "answered_at": UTC_FILED, "answer": [], "attachment_ids": []}]})))
    return fake


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_filers_pages_show_utc_instants_in_japan_time(lang: str) -> None:
    c = signed_in(utc_fake("foreign_national"), lang)
    try:
        for path in ("/applications", f"/applications/{APP_ID}",
                     f"/applications/{APP_ID}/print", "/apply/EXT/earlier"):
            html = c.get(path).text
            assert SHOWN[lang] in html, path
            assert "2026-03-31" not in html and "16:30" not in html, path
        html = c.get(f"/applications/{APP_ID}/corrections").text
        assert REQUESTED[lang] in html and "05:00" not in html
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_examiners_pages_show_utc_instants_in_japan_time(lang: str) -> None:
    c = signed_in(utc_fake("examiner"), lang)
    try:
        queue = c.get("/examiner").text
        assert SHOWN[lang] in queue and "16:30" not in queue
        detail = c.get(f"/examiner/applications/{APP_ID}").text
        assert REQUESTED[lang] in detail and SHOWN[lang] in detail  # requested, answered
        assert "05:00" not in detail and "16:30" not in detail
    finally:
        c.__exit__(None, None, None)
