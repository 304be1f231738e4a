"""The manual's common header and footer (§1.5), logout with its confirmation (§2.3) and the
registration's email step (§3.2), as a user sees them."""

import re
from typing import Any

import httpx
import pytest

from tests.unit.web.fake_intake import FakeIntake, client, csrf_of


@pytest.fixture
def fake() -> FakeIntake:
    return FakeIntake()


def _login(c: Any) -> None:
    page = c.get("/login")
    c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "U000000001",
                           "password": "Right-Pass1!"})


def test_the_header_names_the_user_not_the_login_id(fake: FakeIntake) -> None:
    with client(fake) as c:
        _login(c)
        header = c.get("/mypage").text.split("</header>")[0]
        assert "SAMPLE,TARO" in header
        assert "U000000001" not in header


def test_the_footer_has_a_contact_block_from_the_settings(fake: FakeIntake) -> None:
    with client(fake, contact_ja="窓口のご案内（試験）", contact_en="Desk (test)") as c:
        footer = c.get("/").text.split("<footer")[1]
        assert "お問い合わせ先" in footer and "窓口のご案内（試験）" in footer
        c.post("/lang", data={"csrf": csrf_of(c.get("/login").text), "to": "en"})
        footer = c.get("/").text.split("<footer")[1]
        assert "Contact" in footer and "Desk (test)" in footer


def test_logout_in_the_header_leads_to_the_confirmation_not_out(fake: FakeIntake) -> None:
    with client(fake) as c:
        _login(c)
        page = c.get("/applications").text
        link = re.search(r'<a href="(/logout\?[^"]*)">ログアウト</a>', page)
        assert link is not None
        confirm = c.get(link.group(1).replace("&amp;", "&"))
        assert confirm.status_code == 200
        assert "利用者ログアウト確認" in confirm.text and "ログアウトしますか？" in confirm.text
        assert 'href="/applications"' in confirm.text  # キャンセル: back where the user was
        assert not any(call.url.path == "/auth/logout" for call in fake.calls)
        assert c.get("/mypage", follow_redirects=False).status_code == 200  # still signed in


def test_confirming_logout_ends_the_session_and_shows_the_logged_out_page(
        fake: FakeIntake) -> None:
    with client(fake) as c:
        _login(c)
        confirm = c.get("/logout")
        r = c.post("/logout", data={"csrf": csrf_of(confirm.text)}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/logged-out"
        assert fake.calls[-1].url.path == "/auth/logout"
        done = c.get("/logged-out")
        assert "ログアウトしました。" in done.text and 'href="/login"' in done.text
        assert c.get("/mypage", follow_redirects=False).status_code == 303


def test_logout_without_the_csrf_token_is_refused(fake: FakeIntake) -> None:
    with client(fake) as c:
        _login(c)
        r = c.post("/logout", data={}, follow_redirects=False)
        assert r.status_code == 403
        assert not any(call.url.path == "/auth/logout" for call in fake.calls)


def test_the_cancel_link_never_leaves_the_site(fake: FakeIntake) -> None:
    with client(fake) as c:
        _login(c)
        page = c.get("/logout", params={"next": "//evil.example/"}).text
        cancel = re.search(r'<a class="button button--secondary" href="([^"]*)">キャンセル</a>',
                           page)
        assert cancel is not None and cancel.group(1) == "/mypage"


def _to_email_step(c: Any) -> str:
    terms = c.get("/register")
    assert "同意する" in terms.text
    r = c.post("/register", data={"csrf": csrf_of(terms.text), "agree": "true"})
    assert "メールアドレス（確認用）" in r.text
    return csrf_of(r.text)


def test_registration_refuses_differing_email_addresses_at_the_field(fake: FakeIntake) -> None:
    with client(fake) as c:
        csrf = _to_email_step(c)
        r = c.post("/register/email", data={"csrf": csrf, "email": "a@example.com",
                                             "email_confirm": "b@example.com"})
        assert r.status_code == 422
        assert "メールアドレス（確認用）が一致しません。" in r.text
        assert 'id="f-email_confirm"' in r.text and 'aria-invalid="true"' in r.text
        assert not any(call.url.path == "/accounts/registrations" for call in fake.calls)
        c.post("/lang", data={"csrf": csrf_of(r.text), "to": "en", "next": "/register/email"})
        assert "The two email addresses differ." in c.get("/register/email").text


def test_registration_sends_the_email_once_both_addresses_match(fake: FakeIntake) -> None:
    sent: list[bytes] = []
    fake.on("POST", "/accounts/registrations",
            lambda r: (sent.append(r.content), httpx.Response(202, json={}))[1])
    with client(fake) as c:
        csrf = _to_email_step(c)
        r = c.post("/register/email", data={"csrf": csrf, "email": "a@example.com",
                                             "email_confirm": "a@example.com"})
        assert r.status_code == 200 and "メールを送信しました" in r.text
        assert sent == [b'{"email":"a@example.com"}']


def test_the_status_list_pages_with_first_previous_numbers_next_and_last() -> None:
    from tests.unit.web.test_pages_render import ROW, fake_with, signed_in

    fake = fake_with("foreign_national")
    fake.on("GET", "/applications", lambda r: httpx.Response(200, json={
        "items": [ROW], "total": 50, "page": 3, "per_page": 10}))
    c = signed_in(fake, "ja")
    try:
        nav = c.get("/applications?page=3&per_page=10").text.split('class="pagination"')[1]
        nav = nav.split("</nav>")[0]
        links = re.findall(r'<a href="/applications\?page=(\d+)&amp;per_page=10"[^>]*>([^<]+)</a>',
                           nav)
        assert links == [("1", "最初へ"), ("2", "前へ"), ("1", "1"), ("2", "2"), ("4", "4"),
                         ("5", "5"), ("4", "次へ"), ("5", "最後へ")]
        assert '<span aria-current="page">3</span>' in nav
    finally:
        c.__exit__(None, None, None)


def test_the_procedure_list_shows_reception_times_and_pages_keep_the_search() -> None:
    from tests.unit.web.test_pages_render import PROCEDURE, fake_with, signed_in

    fake = fake_with("foreign_national")
    fake.on("GET", "/procedures", lambda r: httpx.Response(200, json={
        "items": [PROCEDURE], "total": 30, "page": 1, "per_page": 10, "pages": 3}))
    c = signed_in(fake, "ja")
    try:
        page = c.get("/procedures?q=更新&synonyms=true").text
        assert "受付開始：2025年10月08日 00:00" in page and "受付終了：随時" in page
        assert "類義語検索を行う" in page and "表示数変更" in page and "10件ずつ表示" in page
        assert '<a href="/procedures?q=%E6%9B%B4%E6%96%B0&amp;synonyms=true&amp;page=3' \
               '&amp;per_page=10">最後へ</a>' in page
    finally:
        c.__exit__(None, None, None)


def test_the_forgotten_id_form_completes_with_the_manuals_button(fake: FakeIntake) -> None:
    with client(fake) as c:
        page = c.get("/forgot/user-id").text
        assert ">完了する</button>" in page and 'href="/login">ログインへ戻る</a>' in page
