"""The nationality list: ISO 3166-1 countries by their alpha-3 code (what intake takes), named
in Japanese or English from the iso-codes catalogue that `pycountry` ships (read once, on
first use, from the installed package)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


@cache
def _names(lang: str) -> dict[str, str]:
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                    fallback=True)
    return {c.alpha_3: catalogue.gettext(c.name) for c in pycountry.countries}


def country_name(code: str, lang: str) -> str:
    """The country's name followed by its code (`ベトナム（VNM）`, `Viet Nam (VNM)`); an
    unknown code as it is."""
    name = _names("ja" if lang == "ja" else "en").get(code)
    if name is None:
        return code
    return f"{name}（{code}）" if lang == "ja" else f"{name} ({code})"


def country_codes() -> tuple[str, ...]:
    """Every alpha-3 code, in the order of the English names."""
    names = _names("en")
    return tuple(sorted(names, key=names.__getitem__))
