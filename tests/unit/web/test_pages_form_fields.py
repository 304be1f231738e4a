"""The application form asks what the manual asks, the way it asks it: per-part copy boxes
for a simultaneous application and its own identity, a country list, the criminal record's
details, a way to the earlier applications to fill the form from."""

import httpx

from tests.unit.web.fake_intake import csrf_of
from tests.unit.web.test_pages_render import APP_ID, APPLICATION, ROW, fake_with, signed_in


def test_a_simultaneous_application_offers_three_copy_boxes_and_its_own_identity() -> None:
    c = signed_in(fake_with("foreign_national"), "ja")
    try:
        page = c.get("/apply/EXT").text
        for flag in ("personal_items", "legal_representative", "agent"):
            assert f'name="simultaneous.REE.copy.{flag}" value="true"' in page
        assert "氏名や性別等の共通項目については同時申請で入力した内容と同じである" in page
        # its own identity, shown (with script) only while the personal items are not copied
        assert 'data-shown-when="f-simultaneous-REE-copy-personal_items" ' \
               'data-shown-if="false"' in page
        assert 'name="simultaneous.REE.content.identity.latin_name"' in page
        assert 'name="simultaneous.REE.content.purpose_undecided"' in page
        assert "渡航目的：未定" in page
    finally:
        c.__exit__(None, None, None)


def test_nationality_is_chosen_from_countries_named_in_the_pages_language() -> None:
    for lang, name in (("ja", "ベトナム（VNM）"), ("en", "Viet Nam (VNM)")):
        c = signed_in(fake_with("foreign_national"), lang)
        try:
            page = c.get("/apply/EXT").text
            assert '<select class="select" id="f-content-identity-nationality"' in page
            assert f'<option value="VNM">{name}</option>' in page
        finally:
            c.__exit__(None, None, None)
    # in the language's order: ア (アイスランド) before ベ (ベトナム)
    c = signed_in(fake_with("foreign_national"), "ja")
    try:
        page = c.get("/apply/EXT").text
        assert page.index('value="ISL">アイスランド') < page.index('value="VNM">ベトナム')
    finally:
        c.__exit__(None, None, None)


def test_the_criminal_records_details_show_with_a_yes_and_a_mobile_phone_is_asked() -> None:
    c = signed_in(fake_with("foreign_national"), "en")
    try:
        page = c.get("/apply/EXT").text
        assert 'data-shown-when="f-content-identity-criminal_record" data-shown-if="true"' \
               in page
        assert 'name="content.identity.criminal_record_details"' in page
        assert 'name="content.identity.mobile_phone" type="tel"' in page
        assert "<script>" not in page  # CSP: the showing is done by static/js
    finally:
        c.__exit__(None, None, None)


def test_the_form_leads_to_the_earlier_applications_of_its_procedure_each_to_choose() -> None:
    fake = fake_with("foreign_national")
    other = {**ROW, "id": "1b7e1c52-4d6f-4a8e-9c3b-2f1a5d7e9b02", "procedure": "WRK",
             "reference_number": "0000000026"}
    fake.on("GET", "/applications", lambda r: httpx.Response(200, json={
        "items": [ROW, other], "total": 2, "page": 1, "per_page": 10}))
    c = signed_in(fake, "ja")
    try:
        form = c.get("/apply/EXT").text
        assert '<a href="/apply/EXT/earlier">過去の申込から入力値を自動設定する</a>' in form
        listing = c.get("/apply/EXT/earlier")
        asked = next(x for x in reversed(fake.calls) if x.url.path == "/applications")
        assert asked.url.params["procedure_q"] == "在留期間更新許可申請"
        assert "過去申込一覧" in listing.text
        assert f'action="/applications/{APP_ID}/reuse"' in listing.text
        assert "0000000026" not in listing.text  # another procedure's
        assert ">選択</button>" in listing.text
    finally:
        c.__exit__(None, None, None)


def test_a_reused_forms_flagged_fields_are_listed_by_their_labels() -> None:
    fake = fake_with("foreign_national")
    fake.on("POST", f"/applications/{APP_ID}/reuse", lambda r: httpx.Response(201, json={
        "id": APP_ID, "procedure": "EXT", "saved_at": "2026-04-01T09:00:00+09:00",
        "content": {"identity": {"latin_name": "SAMPLE,TARO"}},
        "simultaneous": [{"procedure": "WRK", "content": {}, "copy": {"personal_items": True}}],
        "flagged_fields": ["identity.occupation",
                           "simultaneous[0].content.activity_description"]}))
    c = signed_in(fake, "ja")
    try:
        listing = c.get("/apply/EXT/earlier")
        r = c.post(f"/applications/{APP_ID}/reuse", data={"csrf": csrf_of(listing.text)})
        assert str(r.url).endswith("/apply/EXT")
        assert '<a href="#f-content-identity-occupation">職業</a>' in r.text
        assert ('<a href="#f-simultaneous-WRK-content-activity_description">活動の内容'
                '（同時申請：就労資格証明書交付申請）</a>') in r.text
        assert ">content.identity.occupation<" not in r.text
    finally:
        c.__exit__(None, None, None)


def test_a_bulk_rows_cells_are_labelled_like_the_single_form_not_by_raw_paths() -> None:
    c = signed_in(fake_with("organization_staff"), "ja")
    try:
        row = c.get("/bulk/EXT/rows/1").text
        assert ('<label for="f-identity-latin_name" class="form-field__label">'
                '氏名（ローマ字）</label>') in row
        assert "ファイルの列：identity.latin_name" in row
        assert "氏名（ローマ字）：形式が違います。" in row  # the summary names the field too
        table = c.get("/bulk/EXT").text
        assert '<label for="cell-1-0" class="form-field__label">氏名（ローマ字） ' \
               '<span class="muted">identity.latin_name</span></label>' in table
    finally:
        c.__exit__(None, None, None)


def test_the_status_list_and_the_earlier_applications_page_through_their_results() -> None:
    fake = fake_with("foreign_national")
    fake.on("GET", "/applications", lambda r: httpx.Response(200, json={
        "items": [ROW], "total": 25, "page": 2, "per_page": 10}))
    c = signed_in(fake, "en")
    try:
        for base in ("/applications", "/apply/EXT/earlier"):
            page = c.get(f"{base}?page=2&per_page=10").text
            assert f'<a href="{base}?page=1&amp;per_page=10">Previous</a>' in page
            assert f'<a href="{base}?page=3&amp;per_page=10">Next</a>' in page
            assert "Page 2 of 3" in page
    finally:
        c.__exit__(None, None, None)


def test_the_application_shows_the_nationality_by_its_name_and_an_unlisted_code_as_it_is(
        ) -> None:
    for code, shown in (("VNM", "ベトナム（VNM）"), ("XXB", "XXB")):
        fake = fake_with("foreign_national")
        fake.on("GET", f"/applications/{APP_ID}", lambda r, c=code: httpx.Response(
            200, json=APPLICATION | {"content": {"identity": {"nationality": c}}}))
        c = signed_in(fake, "ja")
        try:
            page = c.get(f"/applications/{APP_ID}").text
            assert f"<dd>{shown}</dd>" in page
        finally:
            c.__exit__(None, None, None)
