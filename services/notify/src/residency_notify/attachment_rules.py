"""Which stored files an email may attach: a rule per email type, nothing for the others.

Only the electronic CESR email (`cesr_issued`) attaches a file: its own application's signed
PDF in the CESR bucket, `<year>/<application id>.pdf`, as application/pdf. Any other bucket, key,
type or email is refused with a code (the command is dead-lettered, nothing is mailed), so a
command naming a passport in `accepted`, or another application's CESR, gets nothing out of
object storage. Pure: decides from the command and the bucket names, reads nothing.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NOT_ALLOWED = "ATTACHMENT_NOT_ALLOWED"


@dataclass(frozen=True)
class Rule:
    bucket: str
    key: re.Pattern[str]
    """Matched in full; a group `application_id` must equal the command's application id."""
    content_types: frozenset[str]


def rules(cesr_bucket: str) -> Mapping[str, Rule]:
    """Email type (`template`) → what it may attach."""
    return {"cesr_issued": Rule(
        cesr_bucket, re.compile(r"[0-9]{4}/(?P<application_id>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}"
                                r"-[0-9a-f]{12})\.pdf"),
        frozenset({"application/pdf"}))}


def refusal(command: Any, allowed: Mapping[str, Rule]) -> str | None:
    """None when every attachment of the command is one its email type may carry; else the
    reason, `ATTACHMENT_NOT_ALLOWED: <type> attachments[i] (<what>)` — names no object."""
    items = list(getattr(command, "attachments", None) or ())
    if not items:
        return None
    template = str(getattr(command, "template", type(command).__name__))
    rule = allowed.get(template)
    for i, item in enumerate(items):
        where = f"{NOT_ALLOWED}: {template} attachments[{i}]"
        if rule is None:
            return f"{where} (this email type attaches nothing)"
        if item.bucket != rule.bucket:
            return f"{where} (bucket)"
        found = rule.key.fullmatch(item.key)
        if found is None:
            return f"{where} (key)"
        application_id = getattr(command, "application_id", None)
        if "application_id" in rule.key.groupindex and (
                application_id is None or found["application_id"] != str(application_id)):
            return f"{where} (another application's file)"
        if item.content_type not in rule.content_types:
            return f"{where} (content type)"
    return None
