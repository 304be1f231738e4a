"""The application form asks what the manual asks, the way it asks it: per-part copy boxes
for a simultaneous application and its own identity, a country list, the criminal record's
details, a way to the earlier applications to fill the form from."""

from tests.unit.web.test_pages_render import fake_with, signed_in


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
