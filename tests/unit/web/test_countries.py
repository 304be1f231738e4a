"""The nationality list: every country by the alpha-3 code intake takes, named in the page's
language."""

from residency_web.countries import country_codes, country_name


def test_countries_are_named_in_japanese_or_english_with_their_code() -> None:
    assert country_name("VNM", "ja") == "ベトナム（VNM）"
    assert country_name("VNM", "en") == "Viet Nam (VNM)"
    assert country_name("JPN", "ja") == "日本（JPN）"


def test_every_code_is_the_three_letters_intake_takes_and_an_unknown_one_stays_as_it_is(
        ) -> None:
    codes = country_codes()
    assert len(codes) > 240 and {"VNM", "NPL", "CHN", "PHL"} <= set(codes)
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)
    assert country_name("ZZZ", "ja") == "ZZZ"
