"""What a refusal from intake means on a page: each message at its field and all of them in
the summary at the top, in the chosen language. Pure (no I/O)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .messages import FIELD_LABELS, translate


@dataclass(frozen=True)
class SummaryItem:
    message: str
    anchor: str | None  # id of the field's control, for the summary's link


@dataclass
class Problems:
    summary: list[SummaryItem] = field(default_factory=list)
    by_field: dict[str, str] = field(default_factory=dict)
    rebuild: Callable[[str], Problems] | None = field(default=None, repr=False, compare=False)
    """The same problems in another language (set when they come from a refusal's body or a
    message key; None for messages a page put together itself)."""

    def __bool__(self) -> bool:
        return bool(self.summary)

    def in_language(self, lang: str) -> Problems:
        """These problems in `lang` (themselves when they cannot be rebuilt)."""
        return self.rebuild(lang) if self.rebuild is not None else self

    def add(self, message: str, name: str | None = None, anchored: bool = True,
            summary: str | None = None) -> None:
        """`message` at the field; `summary` (default: the same) in the list at the top."""
        if name is not None and name not in self.by_field:
            self.by_field[name] = message
        self.summary.append(SummaryItem(summary or message,
                                        field_id(name) if name and anchored else None))


def field_id(name: str) -> str:
    """The id the form macros give the control named `name`."""
    return "f-" + re.sub(r"\]", "", re.sub(r"[.\[]", "-", name))


def message_of(body: dict[str, Any], lang: str) -> str:
    text = body.get("message_en" if lang == "en" else "message_ja")
    return str(text or body.get("message_ja") or body.get("code") or "")


def from_error_body(body: Any, lang: str, fields: dict[str, str] | None = None,
                    known: set[str] | None = None,
                    labels: dict[str, str] | None = None) -> Problems:
    """`fields` renames an API field to the form's control name (default: the same name);
    a field the page has no control for (not in `known`, when given) is listed in the summary
    without a link. In the summary a message is led by its field's label (`labels`: control
    name → message key, on top of FIELD_LABELS)."""
    problems = Problems(rebuild=lambda other: from_error_body(body, other, fields, known, labels))
    if not isinstance(body, dict):
        problems.add(translate("error_unexpected", lang))
        return problems
    items = [e for e in body.get("errors") or [] if isinstance(e, dict)]
    for item in items:
        api_field = str(item.get("field") or "")
        name = (fields or {}).get(api_field, api_field) or None
        anchored = name is not None and (known is None or name in known)
        message = message_of(item, lang)
        label_key = (labels or {}).get(name or "") or FIELD_LABELS.get(name or "")
        problems.add(message, name if anchored else None, anchored,
                     summary=f"{translate(label_key, lang)}{'：' if lang == 'ja' else ': '}"
                             f"{message}" if label_key else None)
    if not items:
        problems.add(message_of(body, lang) or translate("error_unexpected", lang))
    return problems


def single(key: str, lang: str, name: str | None = None) -> Problems:
    problems = Problems(rebuild=lambda other: single(key, other, name))
    problems.add(translate(key, lang), name)
    return problems
