"""Bulk uploads (the last one per organization and procedure) and their rows."""

DDL = [
    "CREATE SEQUENCE IF NOT EXISTS bulk_numbers",
    """CREATE TABLE IF NOT EXISTS bulk_uploads (
        id uuid PRIMARY KEY, organization_id uuid NOT NULL, procedure text NOT NULL,
        created_by uuid NOT NULL, uploaded_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'open', current boolean NOT NULL DEFAULT true,
        row_count int NOT NULL, bulk_number text UNIQUE, filed_at timestamptz,
        idempotency_key text)""",
    """CREATE UNIQUE INDEX IF NOT EXISTS bulk_uploads_current
        ON bulk_uploads (organization_id, procedure) WHERE current""",
    """CREATE UNIQUE INDEX IF NOT EXISTS bulk_uploads_idempotency
        ON bulk_uploads (organization_id, idempotency_key) WHERE idempotency_key IS NOT NULL""",
    """CREATE TABLE IF NOT EXISTS bulk_rows (
        upload_id uuid NOT NULL REFERENCES bulk_uploads(id) ON DELETE CASCADE,
        n int NOT NULL, cells jsonb NOT NULL, status text NOT NULL, errors jsonb NOT NULL,
        application_id uuid NOT NULL, PRIMARY KEY (upload_id, n))""",
]
