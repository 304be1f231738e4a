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
