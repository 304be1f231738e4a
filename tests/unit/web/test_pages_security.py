"""What the browser gets: a session cookie (HttpOnly, SameSite=Lax, Secure off loopback) that
is only an id, never intake's token; forms refused without the session's CSRF token; a CSP
without inline scripts or styles; login errors at the field and in the summary, JA or EN."""

import re
from html import escape
from typing import Any

import pytest

from tests.unit.web.fake_intake import TOKEN, FakeIntake, client, csrf_of


@pytest.fixture
def fake() -> FakeIntake:
    return FakeIntake()


def _login(c: Any, password: str = "Right-Pass1!") -> Any:
    page = c.get("/login")
    return c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "U000000001",
                                  "password": password}, follow_redirects=False)


def test_login_keeps_the_api_token_on_the_server_and_rotates_the_session(fake: FakeIntake) -> None:
    with client(fake) as c:
        first = c.get("/login")
        before = c.cookies.get("session")
        header = first.headers["set-cookie"].lower()
        assert "httponly" in header and "samesite=lax" in header and "secure" not in header
        r = _login(c)
        assert r.status_code == 303 and r.headers["location"] == "/mypage"
        after = c.cookies.get("session")
        assert after and after != before
        assert TOKEN not in r.headers.get("set-cookie", "") and TOKEN not in r.text
        assert fake.calls[-1].headers["Authorization"] == f"Bearer {TOKEN}"  # /me, by the server


def test_cookies_are_secure_when_not_on_loopback(fake: FakeIntake) -> None:
    with client(fake, http_host="0.0.0.0") as c:
        assert "secure" in c.get("/login").headers["set-cookie"].lower()


def test_a_form_without_the_sessions_csrf_token_is_refused(fake: FakeIntake) -> None:
    with client(fake) as c:
        c.get("/login")
        r = c.post("/login", data={"csrf": "forged", "login_id": "U1", "password": "x"})
        assert r.status_code == 403
        assert not any(call.url.path == "/auth/token" for call in fake.calls)


def test_every_page_has_a_csp_without_inline_scripts_and_no_inline_script_or_style(
        fake: FakeIntake) -> None:
    with client(fake) as c:
        for path in ("/", "/login", "/forgot/user-id", "/forgot/password", "/register"):
            r = c.get(path)
            csp = r.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
            assert "<script>" not in r.text and "style=" not in r.text and "<style" not in r.text


def test_wrong_password_is_shown_in_the_chosen_language(fake: FakeIntake) -> None:
    with client(fake) as c:
        r = _login(c, "wrong")
        assert r.status_code == 401 and "利用者IDまたはパスワードが違います。" in r.text
        assert 'class="error-summary"' in r.text
        page = c.get("/login")
        c.post("/lang", data={"csrf": csrf_of(page.text), "to": "en", "next": "/login"})
        r = _login(c, "wrong")
        assert "The user ID or password is wrong." in r.text and 'lang="en"' in r.text


def test_the_language_switch_on_a_refused_form_keeps_the_refusal_and_the_values(
        fake: FakeIntake) -> None:
    with client(fake) as c:
        refused = _login(c, "wrong")
        assert "利用者IDまたはパスワードが違います。" in refused.text
        tried = len(fake.calls)
        r = c.post("/lang", data={"csrf": csrf_of(refused.text), "to": "en", "next": "/login"},
                   follow_redirects=False)
        # Back to the page's own address (never an address bar showing /lang) ...
        assert r.status_code == 303 and r.headers["location"] == "/login"
        # ... where the refused page is shown again, in English, not sent to intake again.
        r = c.get("/login")
        assert len(fake.calls) == tried
        assert r.status_code == 401 and 'lang="en"' in r.text
        assert "The user ID or password is wrong." in r.text and 'class="error-summary"' in r.text
        assert 'value="U000000001"' in r.text
        assert c.get("/login").status_code == 401  # a reload shows the same page
        back = c.post("/lang", data={"csrf": csrf_of(r.text), "to": "ja", "next": "/login"})
        assert str(back.url) == "http://127.0.0.1:8080/login"
        assert "利用者IDまたはパスワードが違います。" in back.text and 'lang="ja"' in back.text
        # Another page shown in between: the switch goes back to the page, without the refusal.
        c.get("/forgot/user-id")
        page = c.get("/login")
        assert page.status_code == 200 and "error-summary" not in page.text
        again = c.post("/lang", data={"csrf": csrf_of(page.text), "to": "en", "next": "/login"})
        assert again.status_code == 200 and 'value="U000000001"' not in again.text
        # Messages the page composed itself cannot change language: the form again, as before.
        empty = c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "", "password": ""})
        assert empty.status_code == 422
        switched = c.post("/lang", data={"csrf": csrf_of(empty.text), "to": "ja",
                                         "next": "/login"})
        assert switched.status_code == 200 and "error-summary" not in switched.text


def test_after_a_switch_on_a_refused_page_the_next_post_is_answered_afresh(
        fake: FakeIntake) -> None:
    with client(fake) as c:
        refused = _login(c, "wrong")
        switched = c.post("/lang", data={"csrf": csrf_of(refused.text), "to": "en",
                                         "next": "/login"})
        assert "The user ID or password is wrong." in switched.text
        r = c.post("/login", data={"csrf": csrf_of(switched.text), "login_id": "U000000001",
                                   "password": "Right-Pass1!"})
        assert str(r.url).endswith("/mypage") and "error-summary" not in r.text
        assert "error-summary" not in c.get("/login").text


def test_the_switch_on_a_refused_action_without_a_page_of_its_own_lands_on_its_address(
        ) -> None:
    """Filing refused on the confirmation page answers POST /applications/{id}/file: after
    the switch that address shows the confirmation page again with the refusal, in English."""
    import httpx

    from tests.unit.web.test_pages_render import APP_ID, fake_with, signed_in

    fake = fake_with("foreign_national")
    fake.on("POST", f"/applications/{APP_ID}/file", lambda r: httpx.Response(409, json={
        "code": "PHOTO_REQUIRED", "message_ja": "写真を添付してください。",
        "message_en": "Attach a photo.", "errors": []}))
    c = signed_in(fake, "ja")
    try:
        confirm = c.get(f"/applications/{APP_ID}/confirm")
        refused = c.post(f"/applications/{APP_ID}/file", data={"csrf": csrf_of(confirm.text)})
        assert refused.status_code == 409 and "写真を添付してください。" in refused.text
        r = c.post("/lang", data={"csrf": csrf_of(refused.text), "to": "en",
                                  "next": f"/applications/{APP_ID}/file"})
        assert str(r.url).endswith(f"/applications/{APP_ID}/file") and "/lang" not in str(r.url)
        assert r.status_code == 409 and 'lang="en"' in r.text and "Attach a photo." in r.text
        assert [call.method for call in fake.calls].count("POST") == 2  # login and one filing
    finally:
        c.__exit__(None, None, None)


def test_missing_fields_are_named_at_the_field_before_asking_intake(fake: FakeIntake) -> None:
    with client(fake) as c:
        page = c.get("/login")
        r = c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "", "password": ""})
        assert r.status_code == 422
        assert 'id="f-login_id-error"' in r.text and 'aria-invalid="true"' in r.text
        assert 'href="#f-login_id"' in r.text
        assert not any(call.url.path == "/auth/token" for call in fake.calls)


def test_the_language_switch_goes_back_only_to_a_page_of_this_site(fake: FakeIntake) -> None:
    with client(fake) as c:
        page = c.get("/login")
        r = c.post("/lang", data={"csrf": csrf_of(page.text), "to": "en",
                                  "next": "//evil.example/"}, follow_redirects=False)
        assert r.headers["location"] == "/"
        assert c.get("/").text.count('lang="en"') >= 1


def test_logout_ends_the_session_at_intake_and_here(fake: FakeIntake) -> None:
    with client(fake) as c:
        _login(c)
        page = c.get("/login")
        r = c.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
        assert r.status_code == 303
        assert fake.calls[-1].url.path == "/auth/logout"
        assert c.get("/mypage", follow_redirects=False).headers["location"] == \
            "/login?next=%2Fmypage"


def test_intake_down_is_a_page_saying_so_not_a_500() -> None:
    import httpx
    from residency_web.app import create_app
    from residency_web.settings import WebSettings
    from starlette.testclient import TestClient

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    app = create_app(WebSettings(session_secret="s"),  # type: ignore[call-arg]
                     transport=httpx.MockTransport(refuse))
    with TestClient(app) as c:
        page = c.get("/login")
        r = c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "U1",
                                   "password": "x"})
        assert r.status_code == 503 and "システムに接続できません" in r.text


def test_login_returns_to_the_page_an_emailed_link_asked_for(fake: FakeIntake) -> None:
    with client(fake) as c:
        asked = c.get("/cesr-receipts?from=mail", follow_redirects=False)
        assert asked.status_code == 303
        assert asked.headers["location"] == "/login?next=%2Fcesr-receipts%3Ffrom%3Dmail"
        page = c.get(asked.headers["location"])
        assert 'name="next" value="/cesr-receipts?from=mail"' in page.text
        r = c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "U000000001",
                                   "password": "Right-Pass1!", "next": "/cesr-receipts?from=mail"},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/cesr-receipts?from=mail"


def test_a_signed_out_form_or_fragment_returns_to_no_page(fake: FakeIntake) -> None:
    with client(fake) as c:
        table = c.get("/applications/0b7e1c52-4d6f-4a8e-9c3b-2f1a5d7e9b01/attachments/table",
                      headers={"HX-Request": "true"}, follow_redirects=False)
        assert table.headers["location"] == "/login"
        page = c.get("/login")
        posted = c.post("/applications", data={"csrf": csrf_of(page.text)},
                        follow_redirects=False)
        assert posted.headers["location"] == "/login"


def test_a_refused_login_keeps_where_to_return(fake: FakeIntake) -> None:
    with client(fake) as c:
        page = c.get("/login?next=%2Fapplications")
        r = c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "U000000001",
                                   "password": "wrong", "next": "/applications"})
        assert r.status_code == 401 and 'name="next" value="/applications"' in r.text
        ok = c.post("/login", data={"csrf": csrf_of(r.text), "login_id": "U000000001",
                                    "password": "Right-Pass1!", "next": "/applications"},
                    follow_redirects=False)
        assert ok.headers["location"] == "/applications"


@pytest.mark.parametrize("bad", ["//evil.example", "//evil.example/mypage",
                                 "https://evil.example/", "/\\evil", "/\\evil.example/x",
                                 "http:/evil.example", "/login?next=//evil.example", "mypage"])
def test_login_never_returns_to_another_site(fake: FakeIntake, bad: str) -> None:
    with client(fake) as c:
        page = c.get("/login", params={"next": bad})
        assert f'name="next" value="{escape(bad)}"' not in page.text
        r = c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "U000000001",
                                   "password": "Right-Pass1!", "next": bad},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/mypage", bad


def test_a_signed_in_page_warns_ten_minutes_before_the_time_out_and_says_when(
        fake: FakeIntake) -> None:
    with client(fake) as c:
        _login(c)
        page = c.get("/mypage").text
        warn_in = int(page.split('data-session-warn-in="', 1)[1].split('"', 1)[0])
        assert 3 * 3600 - 600 - 60 < warn_in <= 3 * 3600 - 600  # intake's 3 h, less 10 min
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d（日本時間）に自動的にログアウト", page)


def test_redirect_targets_are_paths_of_this_site_only() -> None:
    from residency_web.web import safe_path

    assert safe_path("/procedures?q=x") == "/procedures?q=x"
    for bad in ("https://evil.example/", "//evil.example", "/\\evil", "/a\r\nSet-Cookie: x",
                "", None, "relative"):
        assert safe_path(bad) == "/", bad
