"""What an application's pages offer, from intake's answer about it (GET /applications/{id}),
following intake's rules so a button is never shown for what is always refused. Pure.

- 受領方法変更 (RCV, manual §7.3, SPEC §4): intake takes it for a filed application while it
  is 処理待ち, 申請完了 or 審査中 (examination's `receipt_method.py`, intake's
  `domain/receipt_change.py`), when its content has a receipt method: a COE's certificate by
  email or post, a residence card by mail or at a counter — at a counter only with a
  simultaneous re-entry permit.
- 削除: intake deletes an application not yet filed, with its simultaneous ones; not a
  simultaneous one alone, nor a bulk row (`applications/core.py delete_unfiled`).
- 入力へ戻る: intake cannot change an application's content, so the pages file the corrected
  form as a new application and delete the old one — only while no file is attached to it,
  since attached files cannot be carried over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

RECEIPT_METHOD_CHANGEABLE_IN = ("pending", "filed", "examining")
RECEIPT_METHODS = ("mail", "counter")
CERTIFICATE_RECEIPT_METHODS = ("email", "post")
COPIED_SECTIONS = {"identity": "personal_items", "legal_representative": "legal_representative",
                   "agent": "agent"}
"""A simultaneous application's sections its main one can give (intake's copy flags)."""


def receipt_methods_offered(app: Mapping[str, Any]) -> tuple[str, ...]:
    """The receipt methods the change form offers; () when no change is taken."""
    content = app.get("content") or {}
    if (app.get("status") not in RECEIPT_METHOD_CHANGEABLE_IN  # a status: filed
            or "receipt_method" not in content):
        return ()
    if app.get("procedure") == "COE":
        return CERTIFICATE_RECEIPT_METHODS
    if any(s.get("procedure") == "REE" for s in app.get("simultaneous") or []):
        return ("counter",)
    return RECEIPT_METHODS


def deletable(app: Mapping[str, Any]) -> bool:
    return app.get("state") == "draft" and app.get("parent_id") is None and not app.get("bulk")


def attached_files(app: Mapping[str, Any], children: Sequence[Mapping[str, Any]] = ()) -> int:
    return sum(len(a.get("attachments") or []) for a in (app, *children))


def can_go_back_to_form(app: Mapping[str, Any],
                        children: Sequence[Mapping[str, Any]] = ()) -> bool:
    """入力へ戻る is offered for an unfiled application with no file attached yet."""
    return deletable(app) and attached_files(app, children) == 0


def form_body(app: Mapping[str, Any], children: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The filing body the form is filled from: the content, and each simultaneous
    application with the sections equal to the main one's marked copied (a filing stores the
    copy, not the choice)."""
    main = dict(app.get("content") or {})
    simultaneous = []
    for child in children:
        own = dict(child.get("content") or {})
        copy = {flag: False for flag in COPIED_SECTIONS.values()}
        for section, flag in COPIED_SECTIONS.items():
            if own.get(section) is not None and own.get(section) == main.get(section):
                copy[flag] = True
                own.pop(section)
        simultaneous.append({"procedure": child.get("procedure"), "content": own,
                             "copy": copy})
    return {"content": main, "simultaneous": simultaneous}
