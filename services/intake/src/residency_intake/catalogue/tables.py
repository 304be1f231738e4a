"""Catalogue tables and the idempotent seed of the shipped entries (runs with the DDL)."""

import json

from .data import entries


def _seed() -> str:
    """One INSERT of every shipped entry; existing rows (maybe edited) are left alone."""
    doc = json.dumps(entries(), ensure_ascii=False).replace("'", "''")
    return f"""INSERT INTO procedures (code, name_ja, name_en, name_kana, description_ja,
            description_en, contact, standalone, bulk, filers, filed_with, reception_start,
            reception_end, files)
        SELECT code, name_ja, name_en, name_kana, description_ja, description_en, contact,
               standalone, bulk, filers, filed_with, reception_start, reception_end, files
        FROM jsonb_to_recordset('{doc}'::jsonb) AS x(code text, name_ja text, name_en text,
             name_kana text, description_ja text, description_en text, contact jsonb,
             standalone boolean, bulk boolean, filers text[], filed_with text[],
             reception_start timestamptz, reception_end timestamptz, files jsonb)
        ON CONFLICT (code) DO NOTHING"""


DDL = [
    """CREATE TABLE IF NOT EXISTS procedures (
        code text PRIMARY KEY, name_ja text NOT NULL, name_en text NOT NULL,
        name_kana text NOT NULL, description_ja text NOT NULL, description_en text NOT NULL,
        contact jsonb NOT NULL, standalone boolean NOT NULL, bulk boolean NOT NULL,
        filers text[] NOT NULL, filed_with text[] NOT NULL,
        reception_start timestamptz NOT NULL, reception_end timestamptz,
        files jsonb NOT NULL DEFAULT '[]')""",
    _seed(),
    """CREATE TABLE IF NOT EXISTS procedure_favorites (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        procedure text NOT NULL REFERENCES procedures(code),
        created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (user_id, procedure))""",
    """CREATE TABLE IF NOT EXISTS intake_windows (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        procedure text NOT NULL REFERENCES procedures(code),
        start_date date NOT NULL, end_date date NOT NULL, CHECK (end_date >= start_date))""",
    """CREATE INDEX IF NOT EXISTS intake_windows_by_org
        ON intake_windows (organization_id, procedure)""",
]
