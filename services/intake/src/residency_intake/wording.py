"""What every 4xx code says, in Japanese and English: the catalogues and how a message is made.

Each feature keeps its codes in its own `messages.py` (`MESSAGES`: code -> (ja, en)); codes
that several features raise live in `residency_intake.messages`. A code has ONE wording in
the whole service (a code in two catalogues stops the first lookup). Values go in named
placeholders (`{max_files}`), filled from the raise site's keyword arguments; a value that
differs by language is passed as `Texts(ja, en)`. Pure: no I/O, no web framework.
"""

from __future__ import annotations

from importlib import import_module
from string import Formatter
from typing import NamedTuple

from pydantic_core import PydanticCustomError

CATALOGUES = (
    "residency_intake.messages",
    "residency_intake.domain.messages",
    "residency_intake.accounts.messages",
    "residency_intake.applications.messages",
    "residency_intake.bulk.messages",
    "residency_intake.catalogue.messages",
    "residency_intake.organizations.messages",
    "residency_intake.examiner.messages",
    "residency_intake.cesr_messages",
)
"""Every catalogue module; each has `MESSAGES` (and the common one `PYDANTIC` too)."""


class Texts(NamedTuple):
    ja: str
    en: str


_catalogue: dict[str, Texts] = {}


def catalogue() -> dict[str, Texts]:
    """Every code of the service with its wording (templates, placeholders not filled)."""
    if not _catalogue:
        merged: dict[str, Texts] = {}
        for name in CATALOGUES:
            module = import_module(name)
            for table in (getattr(module, "PYDANTIC", {}), module.MESSAGES):
                for code, (ja, en) in table.items():
                    if code in merged:
                        raise RuntimeError(f"{code} has a wording in two catalogues ({name})")
                    merged[code] = Texts(ja, en)
        _catalogue.update(merged)
    return _catalogue


def known(code: str) -> bool:
    return code in catalogue()


def placeholders(template: str) -> set[str]:
    """The named placeholders of a template ({max_files} -> "max_files")."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def wording(code: str, **params: object) -> Texts:
    """The (ja, en) message of `code`, placeholders filled from `params`."""
    try:
        ja, en = catalogue()[code]
    except KeyError:
        raise LookupError(f"no message for {code}: add it to a messages.py catalogue") from None
    return Texts(ja.format(**_language(params, 0)), en.format(**_language(params, 1)))


def _language(params: dict[str, object], i: int) -> dict[str, object]:
    return {k: v[i] if isinstance(v, Texts) else v for k, v in params.items()}


def invalid(code: str, **params: object) -> PydanticCustomError:
    """A validation error by code, for pydantic validators (`raise invalid("CODE")`)."""
    ja, en = wording(code, **params)
    return PydanticCustomError(code.lower(), en, {"ja": ja})
