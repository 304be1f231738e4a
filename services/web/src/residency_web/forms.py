"""Application forms as data: sections of fields named by their path in intake's request body
(`content.identity.latin_name`), so intake's refusal of a field lands on that very control.
Turning a submitted form into the API's JSON and back is pure (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

STATUSES_OF_RESIDENCE: dict[str, tuple[str, str]] = {
    "student": ("留学", "Student"),
    "engineer_specialist_in_humanities_international_services":
        ("技術・人文知識・国際業務", "Engineer / Specialist in Humanities / International Services"),
    "specified_skilled_worker": ("特定技能", "Specified Skilled Worker"),
    "dependent": ("家族滞在", "Dependent"),
    "spouse_or_child_of_japanese_national": ("日本人の配偶者等", "Spouse or Child of Japanese National"),
    "long_term_resident": ("定住者", "Long-Term Resident"),
    "designated_activities": ("特定活動", "Designated Activities"),
    "professor": ("教授", "Professor"),
    "researcher": ("研究", "Researcher"),
    "instructor": ("教育", "Instructor"),
    "highly_skilled_professional": ("高度専門職", "Highly Skilled Professional"),
    "intra_company_transferee": ("企業内転勤", "Intra-company Transferee"),
    "skilled_labor": ("技能", "Skilled Labor"),
    "business_manager": ("経営・管理", "Business Manager"),
    "cultural_activities": ("文化活動", "Cultural Activities"),
    "diplomat": ("外交", "Diplomat"),
    "temporary_visitor": ("短期滞在", "Temporary Visitor"),
}


@dataclass(frozen=True)
class Field:
    name: str  # the path in the request body, e.g. content.identity.latin_name
    label: str  # message key
    kind: str = "text"  # text, date, email, tel, select, checkbox, textarea
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (value, message key or literal label)
    hint: str | None = None


@dataclass(frozen=True)
class Section:
    key: str  # message key of the heading
    fields: tuple[Field, ...]


_C = "content."
_I = _C + "identity."
_S = _C + "current_status."

IDENTITY = Section("section_identity", (
    Field(_I + "nationality", "nationality", required=True),
    Field(_I + "latin_name", "latin_name", required=True, hint="latin_name_hint"),
    Field(_I + "sex", "sex", "select", True, (("M", "sex_M"), ("F", "sex_F"))),
    Field(_I + "date_of_birth", "date_of_birth", "date", True),
    Field(_I + "marital_status", "marital_status", "select", True,
          (("single", "marital_single"), ("married", "marital_married"))),
    Field(_I + "occupation", "occupation", required=True),
    Field(_I + "home_town", "home_town", required=True),
    Field(_I + "address_in_japan", "address_in_japan", required=True),
    Field(_I + "phone", "phone", "tel", hint="phone_hint"),
    Field(_I + "email", "email", "email"),
    Field(_I + "passport_number", "passport_number", required=True),
    Field(_I + "passport_expiry", "passport_expiry", "date", True),
    Field(_I + "criminal_record", "criminal_record", "checkbox"),
))
CURRENT_STATUS = Section("section_status", (
    Field(_S + "status_of_residence", "status_of_residence", "select", True,
          tuple((k, "sor:" + k) for k in STATUSES_OF_RESIDENCE)),
    Field(_S + "period_of_stay", "period_of_stay", required=True),
    Field(_S + "expiry_date", "expiry_date", "date", True),
    Field(_S + "residence_card_number", "residence_card_number", required=True),
))
RECEIPT = Section("section_receipt", (
    Field(_C + "receipt_method", "receipt_method", "select", True,
          (("mail", "receipt_mail"), ("counter", "receipt_counter"))),
    Field(_C + "counter_bureau", "counter_bureau"),
))
DECLARATIONS = Section("section_declaration", (
    Field(_C + "notification_email", "notification_email", "email", True),
    Field(_C + "applicant_intent_confirmed", "applicant_intent_confirmed", "checkbox", True),
    Field(_C + "content_true", "content_true", "checkbox", True),
    Field(_C + "free_text", "free_text", "textarea"),
))

FORMS: dict[str, tuple[Section, ...]] = {
    "EXT": (IDENTITY, CURRENT_STATUS, Section("section_request", (
        Field(_C + "desired_period", "desired_period", required=True),
        Field(_C + "reason", "reason", "textarea", True),
    )), RECEIPT, DECLARATIONS),
}


def fields_of(sections: Iterable[Section]) -> list[Field]:
    return [f for s in sections for f in s.fields]


def body_from_form(sections: Iterable[Section], form: Mapping[str, Any]) -> dict[str, Any]:
    """The request body: text trimmed, empty text left out, a checkbox true or false."""
    body: dict[str, Any] = {}
    for f in fields_of(sections):
        raw = form.get(f.name)
        if f.kind == "checkbox":
            value: Any = raw == "true"
        else:
            value = raw.strip() if isinstance(raw, str) else ""
            if value == "":
                continue
        _set(body, f.name.split("."), value)
    return body


def values_from_body(sections: Iterable[Section], body: Mapping[str, Any]) -> dict[str, Any]:
    """Back from a body (a saved draft, a reused application) to the controls' values."""
    values: dict[str, Any] = {}
    for f in fields_of(sections):
        node: Any = body
        for part in f.name.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is not None:
            values[f.name] = node
    return values


def _set(target: dict[str, Any], path: list[str], value: Any) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def display_rows(sections: Iterable[Section], values: Mapping[str, Any]
                 ) -> list[tuple[str, list[tuple[Field, Any]]]]:
    """For the confirmation page: each section's heading and its filled fields."""
    return [(s.key, [(f, values.get(f.name)) for f in s.fields if values.get(f.name)
                     not in (None, "")]) for s in sections]
