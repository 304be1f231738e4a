"""Usage requests (利用申出) and periodic reports (定期報告) are found again from what intake
lists (GET /organizations/filings), not from the web session: after logging out, the pages that
start them open the one in progress, and My page links each of them."""

import json
from typing import Any

import httpx

from tests.unit.web.fake_intake import FakeIntake, csrf_of
from tests.unit.web.test_pages_render import APP_ID, fake_with, signed_in

REPORT_ID = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
USE = {"id": APP_ID, "procedure": "USE", "kind": "new", "organization_id": APP_ID,
       "state": "draft", "status": None, "status_ja": None, "reference_number": None,
       "provisional_receipt_number": None, "receipt_number": None, "filed_at": None,
       "created_at": "2026-04-01T09:00:00+09:00", "filed_by_you": True, "in_progress": True}
RPT = USE | {"id": REPORT_ID, "procedure": "RPT", "kind": None, "state": "submitted",
             "status": "returned", "status_ja": "返却中", "reference_number": "0000000042",
             "provisional_receipt_number": "仮東オンUR26000007", "filed_by_you": False,
             "filed_at": "2026-04-03T10:00:00+09:00"}
DONE = USE | {"state": "submitted", "status": "completed", "status_ja": "完了",
              "reference_number": "0000000041", "receipt_number": "東オンUR26000003",
              "in_progress": False}


def listing(fake: FakeIntake, rows: list[dict[str, Any]]) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        wanted = request.url.params.get("procedure")
        return httpx.Response(200, json=[r for r in rows
                                         if wanted is None or r["procedure"] == wanted])
    fake.on("GET", "/organizations/filings", answer)


def member_me(fake: FakeIntake, organization_id: str | None) -> None:
    fake.on("GET", "/me", lambda r: httpx.Response(200, json={
        "login_id": "U000000001", "user_type": "organization_staff", "latin_name": None,
        "phone": "0300000000", "email": "a@example.com", "organization_id": organization_id,
        "registered_at": None}))


def no_organization(fake: FakeIntake) -> None:
    fake.on("GET", "/organizations/me", lambda r: httpx.Response(404, json={
        "code": "ORGANIZATION_NOT_FOUND", "message_ja": "見つかりません。",
        "message_en": "Not found.", "errors": []}))


def nav_of(html: str) -> str:
    start = html.index('class="site-nav"')
    return html[start:html.index("</nav>", start)]


def test_a_usage_request_in_progress_is_opened_again_in_a_new_session() -> None:
    fake = fake_with("organization_staff")
    listing(fake, [USE])
    c = signed_in(fake, "ja")  # a fresh login: nothing of an earlier session is kept
    try:
        r = c.get("/usage-request", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/usage-request/{APP_ID}"
        asked = [q for q in fake.calls if q.url.path == "/organizations/filings"]
        assert asked and asked[-1].url.params["procedure"] == "USE"
    finally:
        c.__exit__(None, None, None)


def test_a_decided_usage_request_or_a_colleagues_leaves_the_form_open() -> None:
    fake = fake_with("organization_staff")
    listing(fake, [DONE, USE | {"id": REPORT_ID, "filed_by_you": False}])
    c = signed_in(fake, "ja")
    try:
        r = c.get("/usage-request", follow_redirects=False)
        assert r.status_code == 200 and 'action="/usage-request"' in r.text
    finally:
        c.__exit__(None, None, None)


def test_the_periodic_report_page_opens_the_organizations_report_in_progress() -> None:
    fake = fake_with("organization_staff")
    listing(fake, [RPT, DONE])  # filed by a colleague, returned for correction
    c = signed_in(fake, "en")
    try:
        r = c.get("/periodic-report", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/usage-request/{REPORT_ID}"
        listing(fake, [DONE])
        r = c.get("/periodic-report", follow_redirects=False)
        assert r.status_code == 200 and 'action="/periodic-report"' in r.text
    finally:
        c.__exit__(None, None, None)


def test_my_page_lists_the_usage_requests_and_reports_with_links() -> None:
    fake = fake_with("organization_staff")
    listing(fake, [RPT, DONE])
    c = signed_in(fake, "ja")
    try:
        html = c.get("/mypage").text
        table = html[html.index('id="org-filings"'):]
        table = table[:table.index("</table>")]
        assert f'href="/usage-request/{REPORT_ID}">定期報告</a>' in table
        assert f'href="/usage-request/{APP_ID}">利用申出</a>' in table
        assert "返却中" in table and "完了" in table
        assert "0000000042" in table and "仮東オンUR26000007" in table
        assert "東オンUR26000003" in table and "2026年04月03日" in table
        listing(fake, [])
        assert "利用申出・定期報告はまだありません。" in c.get("/mypage").text
    finally:
        c.__exit__(None, None, None)


def test_a_filed_periodic_report_is_acknowledged_as_a_report() -> None:
    fake = fake_with("organization_staff")
    fake.on("GET", f"/organizations/filings/{APP_ID}", lambda r: httpx.Response(200, json=RPT | {
        "id": APP_ID, "status": "filed", "details": {"phone": "0312345678"},
        "attachments": []}))
    fake.on("POST", f"/organizations/filings/{APP_ID}/file", lambda r: httpx.Response(
        200, json={"application_id": APP_ID, "reference_number": "0000000042",
                   "reference_password": "not-shown", "status": "filed"}))
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/usage-request/{APP_ID}")
        r = c.post(f"/usage-request/{APP_ID}/file", data={"csrf": csrf_of(page.text)})
        assert r.status_code == 200
        assert "定期報告を受け付けました" in r.text and "利用申出を受け付けました" not in r.text
    finally:
        c.__exit__(None, None, None)


def test_the_usage_request_sends_the_agent_certificate_number_and_shows_its_refusal() -> None:
    fake = fake_with("organization_staff")
    listing(fake, [])
    fake.on("POST", "/organizations/usage-requests", lambda r: httpx.Response(422, json={
        "code": "VALIDATION_FAILED", "message_ja": "入力内容に誤りがあります。",
        "message_en": "Some values are invalid.", "errors": [{
            "field": "agent_certificate_number", "code": "STRING_PATTERN_MISMATCH",
            "message_ja": "12 桁の数字で入力してください。",
            "message_en": "Enter 12 digits."}]}))
    c = signed_in(fake, "en")
    try:
        page = c.get("/usage-request")
        assert 'name="agent_certificate_number"' in page.text
        r = c.post("/usage-request", data={
            "csrf": csrf_of(page.text), "kind": "new", "organization.name": "Sample School",
            "organization.address": "1-1 Sample-cho", "organization.phone": "0312345678",
            "bureau": "東", "agent_certificate_number": "12345"})
        sent = json.loads(next(q for q in reversed(fake.calls)
                               if q.url.path == "/organizations/usage-requests").content)
        assert sent["agent_certificate_number"] == "12345"
        assert r.status_code == 422
        assert 'id="f-agent_certificate_number-error"' in r.text and "Enter 12 digits." in r.text
        assert 'value="12345"' in r.text  # kept to be corrected
    finally:
        c.__exit__(None, None, None)


def test_members_no_longer_see_the_usage_request_in_the_navigation() -> None:
    fake = fake_with("organization_staff")
    listing(fake, [])
    no_organization(fake)
    c = signed_in(fake, "ja")  # no organization yet
    try:
        assert 'href="/usage-request"' in nav_of(c.get("/procedures").text)
    finally:
        c.__exit__(None, None, None)
    fake = fake_with("organization_staff")  # a member of an organization
    listing(fake, [])
    member_me(fake, APP_ID)
    c = signed_in(fake, "ja")
    try:
        nav = nav_of(c.get("/procedures").text)
        assert 'href="/usage-request"' not in nav and 'href="/bulk"' in nav
    finally:
        c.__exit__(None, None, None)


def test_my_page_updates_the_navigation_once_the_usage_request_is_approved() -> None:
    fake = fake_with("organization_staff")
    listing(fake, [DONE])
    no_organization(fake)
    c = signed_in(fake, "ja")
    try:
        assert 'href="/usage-request"' in nav_of(c.get("/mypage").text)
        fake.on("GET", "/organizations/me", lambda r: httpx.Response(200, json={
            "id": APP_ID, "name": "Sample University", "bureau": "東", "access": "approved",
            "access_expires_at": None}))
        assert 'href="/usage-request"' not in nav_of(c.get("/mypage").text)
    finally:
        c.__exit__(None, None, None)
