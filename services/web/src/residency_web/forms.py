"""Application forms as data: sections of fields named by their path in intake's request body
(`content.identity.latin_name`), so intake's refusal of a field lands on that very control.
Turning a submitted form into the API's JSON and back is pure (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .countries import country_codes

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
    # shown only while each checkbox named here is ticked (True) or not (False); a progressive
    # enhancement (static/js): without script every control shows
    shown_when: tuple[tuple[str, bool], ...] = ()
    sort_options: bool = False  # by their label in the page's language (a long list)


@dataclass(frozen=True)
class Section:
    key: str  # message key of the heading
    fields: tuple[Field, ...]


_C = "content."
_I = _C + "identity."
_S = _C + "current_status."

COUNTRY_OPTIONS = tuple((code, "country:" + code) for code in country_codes())


def _identity(in_japan: bool = True) -> Section:
    return Section("section_identity", (
        Field(_I + "nationality", "nationality", "select", True, COUNTRY_OPTIONS,
              sort_options=True),
        Field(_I + "latin_name", "latin_name", required=True, hint="latin_name_hint"),
        Field(_I + "sex", "sex", "select", True, (("M", "sex_M"), ("F", "sex_F"))),
        Field(_I + "date_of_birth", "date_of_birth", "date", True),
        Field(_I + "marital_status", "marital_status", "select", True,
              (("single", "marital_single"), ("married", "marital_married"))),
        Field(_I + "occupation", "occupation", required=True),
        Field(_I + "home_town", "home_town", required=True),
        Field(_I + "address_in_japan", "address_in_japan", required=in_japan),
        Field(_I + "phone", "phone", "tel", hint="phone_hint"),
        Field(_I + "mobile_phone", "mobile_phone", "tel", hint="phone_hint"),
        Field(_I + "email", "email", "email"),
        Field(_I + "passport_number", "passport_number", required=True),
        Field(_I + "passport_expiry", "passport_expiry", "date", True),
        Field(_I + "criminal_record", "criminal_record", "checkbox"),
        Field(_I + "criminal_record_details", "criminal_record_details", "textarea",
              hint="criminal_record_details_hint",
              shown_when=((_I + "criminal_record", True),)),
    ))


IDENTITY = _identity()
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

_L, _A = _C + "legal_representative.", _C + "agent."
# optional: filled in only when someone acts for the applicant
REPRESENTATIVES = (
    Section("section_legal_representative", (
        Field(_L + "latin_name", "latin_name", hint="latin_name_hint"),
        Field(_L + "relationship", "relationship"),
        Field(_L + "address", "address"),
        Field(_L + "phone", "phone", "tel", hint="phone_hint"),
    )),
    Section("section_agent", (
        Field(_A + "name", "agent_name"),
        Field(_A + "organization", "agent_organization"),
        Field(_A + "address", "address"),
        Field(_A + "phone", "phone", "tel", hint="phone_hint"),
    )),
)
_STATUS_OPTIONS = tuple((k, "sor:" + k) for k in STATUSES_OF_RESIDENCE)
_R = "simultaneous."
COPY_FLAGS = ("personal_items", "legal_representative", "agent")
"""What a simultaneous application can copy from the main one (intake's `copy` object)."""


def _simultaneous(code: str, *fields: Field) -> Section:
    """同時申請 (REE/ACT/WRK with CHG/EXT/ACQ), as the manual's step 4 asks: a checkbox to
    include one, one per part copied from the main form (personal items, legal representative,
    agent), the applicant's own identity when the personal items are not copied (not marked
    required: copied, none is needed), then its own `fields` (named inside its content); all
    but the first shown (with script) only once it is ticked."""
    prefix = f"{_R}{code}."
    included = ((prefix + "include", True),)
    own_identity = (replace(f, name=prefix + f.name, required=False, shown_when=(
        *included, (prefix + "copy.personal_items", False),
        *((prefix + name, wanted) for name, wanted in f.shown_when))) for f in IDENTITY.fields)
    return Section(f"simultaneous_{code}", (
        Field(prefix + "include", f"simultaneous_include_{code}", "checkbox"),
        *(Field(f"{prefix}copy.{flag}", f"simultaneous_copy_{flag}", "checkbox",
                shown_when=included) for flag in COPY_FLAGS),
        *own_identity,
        *(replace(f, name=f"{prefix}content.{f.name}", shown_when=included) for f in fields)))


SIMULTANEOUS = {
    "REE": _simultaneous(
        "REE", Field("permit_type", "permit_type", "select", False,
                     (("single", "permit_single"), ("multiple", "permit_multiple"))),
        Field("purpose_undecided", "purpose_undecided", "checkbox"),
        Field("travel_purpose", "travel_purpose"), Field("destination", "destination"),
        Field("planned_departure_date", "planned_departure_date", "date"),
        Field("planned_return_date", "planned_return_date", "date")),
    "ACT": _simultaneous(
        "ACT", Field("current_activity", "current_activity"), Field("workplace", "workplace"),
        Field("job_type", "job_type"), Field("weekly_hours", "weekly_hours", "number"),
        Field("monthly_pay", "monthly_pay", "number")),
    "WRK": _simultaneous(
        "WRK", Field("activity_description", "activity_description", "textarea")),
}
_WITH_SIMULTANEOUS = tuple(SIMULTANEOUS.values())

FORMS: dict[str, tuple[Section, ...]] = {
    "EXT": (IDENTITY, CURRENT_STATUS, Section("section_request", (
        Field(_C + "desired_period", "desired_period", required=True),
        Field(_C + "reason", "reason", "textarea", True),
    )), RECEIPT, *REPRESENTATIVES, DECLARATIONS, *_WITH_SIMULTANEOUS),
    "CHG": (IDENTITY, CURRENT_STATUS, Section("section_request", (
        Field(_C + "desired_status", "desired_status", "select", True, _STATUS_OPTIONS),
        Field(_C + "desired_period", "desired_period", required=True),
        Field(_C + "reason", "reason_change", "textarea", True),
    )), RECEIPT, *REPRESENTATIVES, DECLARATIONS, *_WITH_SIMULTANEOUS),
    "ACQ": (IDENTITY, Section("section_request", (
        Field(_C + "event", "event", "select", True,
              (("birth_in_japan", "event_birth"), ("loss_of_japanese_nationality", "event_loss"))),
        Field(_C + "event_date", "event_date", "date", True),
        Field(_C + "desired_status", "desired_status", "select", True, _STATUS_OPTIONS),
        Field(_C + "desired_period", "desired_period", required=True),
        Field(_C + "reason", "reason_acquisition", "textarea", True),
    )), RECEIPT, *REPRESENTATIVES, DECLARATIONS, *_WITH_SIMULTANEOUS),
    "WRK": (IDENTITY, CURRENT_STATUS, Section("section_request", (
        Field(_C + "employer", "employer", required=True),
        Field(_C + "activity_description", "activity_description", "textarea", True),
    )), RECEIPT, *REPRESENTATIVES, DECLARATIONS),
    "COE": (_identity(in_japan=False), Section("section_request", (
        Field(_C + "intended_status", "intended_status", "select", True, _STATUS_OPTIONS),
        Field(_C + "intended_period", "intended_period", required=True),
        Field(_C + "planned_entry_date", "planned_entry_date", "date", True),
        Field(_C + "port_of_entry", "port_of_entry", required=True),
        Field(_C + "purpose", "purpose", "textarea", True),
    )), Section("section_cesr", (
        Field(_C + "receipt_method", "cesr_receipt_method", "select", True,
              (("email", "cesr_by_email"), ("post", "cesr_by_post"))),
    )), *REPRESENTATIVES, DECLARATIONS),
}


def column_labels(code: str) -> dict[str, tuple[str, str | None]]:
    """A bulk file's column (`identity.latin_name`, `REE.permit_type`) → the message key of
    the single form's label for the same field, and the heading of its simultaneous
    application (None for the main one's)."""
    labels: dict[str, tuple[str, str | None]] = {}
    sections = FORMS.get(code, ())
    for section in sections:
        for f in section.fields:
            if f.name.startswith(_C):
                labels[f.name[len(_C):]] = (f.label, None)
            elif f.name.startswith(_R) and ".content." in f.name:
                procedure, _, rest = f.name[len(_R):].partition(".content.")
                labels[f"{procedure}.{rest}"] = (f.label, section.key)
    return labels


def fields_of(sections: Iterable[Section]) -> list[Field]:
    return [f for s in sections for f in s.fields]


def body_from_form(sections: Iterable[Section], form: Mapping[str, Any]) -> dict[str, Any]:
    """The request body: text trimmed, empty text left out, a checkbox true or false, a number
    an integer when it is one; each simultaneous application ticked becomes an entry of
    `simultaneous` (in the order REE, ACT, WRK)."""
    body: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for f in fields_of(sections):
        raw = form.get(f.name)
        if f.kind == "checkbox":
            value: Any = raw == "true"
        else:
            value = raw.strip() if isinstance(raw, str) else ""
            if value == "":
                continue
            if f.kind == "number" and value.isdigit():
                value = int(value)
        target = extra if f.name.startswith(_R) else body
        _set(target, f.name.split("."), value)
    chosen = [(code, part) for code, part in extra.get("simultaneous", {}).items()
              if part.get("include")]
    if chosen:
        body["simultaneous"] = [_simultaneous_entry(code, part) for code, part in chosen]
    return body


def _simultaneous_entry(code: str, part: Mapping[str, Any]) -> dict[str, Any]:
    """One ticked simultaneous application: its own identity goes only when the personal items
    are not copied and something of it was entered (an unticked checkbox is not an entry)."""
    copy = {flag: bool(part.get("copy", {}).get(flag)) for flag in COPY_FLAGS}
    content = dict(part.get("content", {}))
    identity = content.get("identity")
    if copy["personal_items"] or (
            isinstance(identity, Mapping) and not any(v is not False for v in identity.values())):
        content.pop("identity", None)
    return {"procedure": code, "content": content, "copy": copy}


def simultaneous_renames(body: Mapping[str, Any], problems_fields: Iterable[str]
                         ) -> dict[str, str]:
    """intake names a simultaneous application's field by its index
    (`simultaneous[0].content.permit_type`); the form by its procedure."""
    order = [str(s["procedure"]) for s in body.get("simultaneous", [])]
    renames = {}
    for name in problems_fields:
        if name.startswith("simultaneous["):
            index, _, rest = name[len("simultaneous["):].partition("]")
            if index.isdigit() and int(index) < len(order):
                renames[name] = f"simultaneous.{order[int(index)]}{rest}"
    return renames


def draft_of(body: Mapping[str, Any]) -> dict[str, Any]:
    """What intake's PUT /drafts takes from a filing body: the content and the simultaneous
    applications ticked."""
    return {"content": body.get("content", {}), "simultaneous": body.get("simultaneous", [])}


def error_fields(refusal: Any) -> list[str]:
    """The fields a refusal's body names."""
    if not isinstance(refusal, Mapping):
        return []
    return [str(e.get("field")) for e in refusal.get("errors") or [] if isinstance(e, Mapping)]


def flagged_controls(draft: Mapping[str, Any]) -> list[str]:
    """A reused draft's flagged fields as the form's control names (a simultaneous one's by
    its procedure)."""
    flagged = [str(f) for f in draft.get("flagged_fields") or []]
    renames = simultaneous_renames(draft, flagged)
    return [renames.get(f, f if f.startswith(("content.", "simultaneous")) else "content." + f)
            for f in flagged]


def values_from_body(sections: Iterable[Section], body: Mapping[str, Any]) -> dict[str, Any]:
    """Back from a body (a saved draft, a reused application) to the controls' values,
    a simultaneous application's copy flags included."""
    values: dict[str, Any] = {}
    body = dict(body)
    for part in body.get("simultaneous") or []:  # back to the form's shape
        copy = part.get("copy")
        body.setdefault("_simultaneous", {})[part["procedure"]] = {
            "include": True, "copy": copy if isinstance(copy, Mapping) else {},
            "content": part.get("content")}
    for f in fields_of(sections):
        path = f.name.replace(_R, "_simultaneous.", 1) if f.name.startswith(_R) else f.name
        node: Any = body
        for part in path.split("."):
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
