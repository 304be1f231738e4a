"""What the 申込確認 page of a usage request or periodic report lists (manual §3.3.4, §6):
each entered item as (label key, value, whether the value is itself a message key). Pure."""

from __future__ import annotations

from typing import Any

Row = tuple[str, str, bool]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def filing_rows(procedure: str, details: dict[str, Any]) -> list[Row]:
    """The rows in the form's order; empty optional items are left out."""
    if procedure == "RPT":
        rows: list[Row] = [("phone", _text(details.get("phone")), False),
                           ("foreign_nationals_count",
                            _text(details.get("foreign_nationals_count")), False),
                           ("remarks", _text(details.get("remarks")), False)]
    elif details.get("kind") == "additional":
        rows = [("usage_kind", "usage_kind_additional", True),
                ("organization_id", _text(details.get("organization_id")), False),
                ("first_request_office", _text(details.get("first_request_office")), False)]
    else:
        organization = details.get("organization") or {}
        bureau = _text(details.get("bureau"))
        rows = [("usage_kind", "usage_kind_new", True),
                ("org_name", _text(organization.get("name")), False),
                ("org_name_kana", _text(organization.get("name_kana")), False),
                ("org_address", _text(organization.get("address")), False),
                ("org_phone", _text(organization.get("phone")), False),
                ("bureau", f"bureau_{bureau}" if bureau else "", bool(bureau))]
    if procedure != "RPT":
        rows.append(("agent_certificate_number",
                     _text(details.get("agent_certificate_number")), False))
    return [row for row in rows if row[1]]
