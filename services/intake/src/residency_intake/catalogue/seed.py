"""The idempotent seed of the shipped catalogue entries, run after every migration
(`residency_intake.migrations.reference_data`)."""

import json

from .data import entries


def seed() -> str:
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

