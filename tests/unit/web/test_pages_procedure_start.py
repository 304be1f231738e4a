"""A procedure's page (manual §4.1, §6.1): the start button by who looks — "Log in to apply"
returning to the page for a signed-out visitor, the periodic report's page for staff, none
for an examiner."""

import httpx

from tests.unit.web.fake_intake import FakeIntake, client, csrf_of
from tests.unit.web.test_pages_render import PROCEDURE, fake_with, signed_in

RPT = PROCEDURE | {"code": "RPT", "name_ja": "定期報告", "name_en": "Periodic report"}


def _with_rpt(fake: FakeIntake) -> FakeIntake:
    fake.on("GET", "/procedures/RPT", lambda r: httpx.Response(200, json=RPT))
    return fake


def test_a_signed_out_visitor_logs_in_to_apply_and_comes_back_to_the_procedure() -> None:
    fake = fake_with("foreign_national")
    with client(fake) as c:
        page = c.get("/procedures/EXT")
        assert 'href="/login?next=/procedures/EXT"' in page.text and "ログインして申し込む" in page.text
        assert 'href="/apply/EXT"' not in page.text
        login = c.get("/login?next=/procedures/EXT")
        r = c.post("/login", data={"csrf": csrf_of(login.text), "login_id": "U1",
                                   "password": "Right-Pass1!", "next": "/procedures/EXT"},
                   follow_redirects=False)
        assert r.headers["location"] == "/procedures/EXT"
        assert 'href="/apply/EXT"' in c.get("/procedures/EXT").text


def test_organization_staff_start_the_periodic_report_from_its_procedure_page() -> None:
    c = signed_in(_with_rpt(fake_with("organization_staff")), "en")
    try:
        page = c.get("/procedures/RPT").text
        assert 'href="/periodic-report"' in page and "Log in to apply" not in page
    finally:
        c.__exit__(None, None, None)


def test_an_examiner_sees_no_apply_button() -> None:
    c = signed_in(fake_with("examiner"), "ja")
    try:
        page = c.get("/procedures/EXT").text
        assert 'href="/apply/EXT"' not in page and "この手続きを申請する" not in page
        assert "ログインして申し込む" not in page
    finally:
        c.__exit__(None, None, None)
