"""Keyword search over the catalogue (pure): every word must match, optionally widened by
the shipped synonym sets; then sorting and paging."""

import functools
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

SortKey = Literal["name", "code", "reception_start"]
Order = Literal["asc", "desc"]
Lang = Literal["ja", "en"]
PER_PAGE_CHOICES = (10, 20, 50)
SEARCHED = ("name_ja", "name_en", "name_kana", "description_ja", "description_en")


def normalize(text: str) -> str:
    """Full-width/half-width folded (NFKC), case-folded, runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def words(query: str | None) -> list[str]:
    """Space-separated words (the ideographic space counts: NFKC turns it into a space)."""
    return normalize(query or "").split()


def parse_synonyms(raw: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """term -> every term of its set(s); a term in two sets gets both."""
    table: dict[str, set[str]] = {}
    for group in raw["sets"]:
        terms = {normalize(t) for t in group}
        for term in terms:
            table.setdefault(term, set()).update(terms)
    return {term: frozenset(terms) for term, terms in table.items()}


@functools.cache
def shipped_synonyms() -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath("synonyms.json").read_text("utf-8")
    return parse_synonyms(json.loads(text))


def alternatives(word: str, synonyms: Mapping[str, frozenset[str]] | None) -> frozenset[str]:
    """The terms that count as a match for `word`: itself, plus its synonyms when enabled."""
    if synonyms is None:
        return frozenset({word})
    return synonyms.get(word, frozenset()) | {word}


def haystack(entry: Mapping[str, Any]) -> str:
    return "\n".join(normalize(str(entry.get(k) or "")) for k in SEARCHED)


def matches(entry: Mapping[str, Any], query_words: Sequence[str],
            synonyms: Mapping[str, frozenset[str]] | None = None) -> bool:
    """True when every word (or, with synonyms, one of its alternatives) occurs."""
    text = haystack(entry)
    return all(any(alt in text for alt in alternatives(w, synonyms)) for w in query_words)


def sort_entries(entries: Iterable[Mapping[str, Any]], sort: SortKey, order: Order,
                 lang: Lang = "ja") -> list[Mapping[str, Any]]:
    """Stable order: the key, then the code (so equal starts never shuffle)."""
    def key(e: Mapping[str, Any]) -> Any:
        if sort == "name":
            return normalize(e["name_kana"] if lang == "ja" else e["name_en"])
        return e[sort]

    by_code = sorted(entries, key=lambda e: e["code"])
    return sorted(by_code, key=key, reverse=order == "desc")


@dataclass(frozen=True)
class Page:
    items: list[Mapping[str, Any]]
    total: int
    page: int
    per_page: int
    pages: int


def paginate(entries: Sequence[Mapping[str, Any]], page: int, per_page: int) -> Page:
    """A page past the last one is empty (with the totals), not an error."""
    start = (page - 1) * per_page
    items = list(entries[start:start + per_page]) if start < len(entries) else []
    return Page(items, len(entries), page, per_page, math.ceil(len(entries) / per_page))


def search(entries: Iterable[Mapping[str, Any]], query: str | None, *, use_synonyms: bool,
           sort: SortKey, order: Order, page: int, per_page: int, lang: Lang = "ja") -> Page:
    query_words = words(query)
    synonyms = shipped_synonyms() if use_synonyms else None
    found = [e for e in entries if matches(e, query_words, synonyms)]
    return paginate(sort_entries(found, sort, order, lang), page, per_page)
