"""A refused reuse (過去の申請の再利用, e.g. too old) shows its reason on the page the filer
chose it from — the earlier-applications list or the application's detail page — in the
page's language; never an error page."""

import httpx
import pytest
from residency_web.pages.applications import reuse_refused_at

from tests.unit.web.fake_intake import csrf_of
from tests.unit.web.test_pages_render import APP_ID, fake_with, signed_in

TOO_OLD = {"code": "REUSE_TOO_OLD", "message_ja": "再利用できるのは過去5年以内の申請のみです。",
           "message_en": "Only applications from the last 5 years can be reused.",
           "errors": [{"field": "application_id", "code": "REUSE_TOO_OLD",
                       "message_ja": "再利用できるのは過去5年以内の申請のみです。",
                       "message_en": "Only applications from the last 5 years can be reused."}]}
SAYS = {"ja": "過去5年以内の申請のみです", "en": "from the last 5 years can be reused"}


def refusing(lang: str):  # type: ignore[no-untyped-def]
    fake = fake_with("foreign_national")
    fake.on("POST", f"/applications/{APP_ID}/reuse",
            lambda r: httpx.Response(409, json=TOO_OLD))
    return signed_in(fake, lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_refused_from_the_earlier_list_it_shows_on_that_list(lang: str) -> None:
    c = refusing(lang)
    try:
        listing = c.get("/apply/EXT/earlier?page=1&per_page=20")
        assert SAYS[lang] not in listing.text
        assert 'name="back" value="/apply/EXT/earlier?page=1&amp;per_page=20"' in listing.text
        r = c.post(f"/applications/{APP_ID}/reuse", data={
            "csrf": csrf_of(listing.text), "back": "/apply/EXT/earlier?page=1&per_page=20"})
        assert r.status_code == 200 and r.url.path == "/apply/EXT/earlier"
        assert r.url.params["per_page"] == "20"
        assert SAYS[lang] in r.text and f'lang="{lang}"' in r.text
        assert SAYS[lang] not in c.get("/apply/EXT/earlier").text  # shown once
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_refused_from_the_detail_page_it_shows_on_the_detail_page(lang: str) -> None:
    c = refusing(lang)
    try:
        detail = c.get(f"/applications/{APP_ID}")
        r = c.post(f"/applications/{APP_ID}/reuse", data={"csrf": csrf_of(detail.text)})
        assert r.status_code == 200 and r.url.path == f"/applications/{APP_ID}"
        assert SAYS[lang] in r.text
    finally:
        c.__exit__(None, None, None)


def test_only_an_earlier_list_of_this_site_is_returned_to() -> None:
    detail = f"/applications/{APP_ID}"
    assert reuse_refused_at("/apply/EXT/earlier?page=2", APP_ID) == "/apply/EXT/earlier?page=2"
    for back in ("", "//evil.example/apply/EXT/earlier", "https://evil.example/",
                 "/mypage", "/apply/EXT", "/apply/EXT/earlier/x"):
        assert reuse_refused_at(back, APP_ID) == detail, back
