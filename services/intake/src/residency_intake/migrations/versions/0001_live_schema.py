"""intake: the schema live before versioned migrations (December 2026), frozen: the
messaging tables (`residency_messaging.migrations.MESSAGING_TABLES_2026_12`), then these.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from residency_messaging.migrations import (
    refuse_downgrade_of_first_revision,
    upgrade_live_schema,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS organizations (
        id uuid PRIMARY KEY, name text NOT NULL, bureau text NOT NULL,
        max_photo_age_months int NOT NULL DEFAULT 6)""",
    """ALTER TABLE organizations ADD COLUMN IF NOT EXISTS name_kana text""",
    """ALTER TABLE organizations ADD COLUMN IF NOT EXISTS address text""",
    """ALTER TABLE organizations ADD COLUMN IF NOT EXISTS phone text""",
    """ALTER TABLE organizations ADD COLUMN IF NOT EXISTS access_expires_at timestamptz""",
    """CREATE TABLE IF NOT EXISTS organization_filings (
        application_id uuid PRIMARY KEY, procedure text NOT NULL, kind text,
        organization_id uuid NOT NULL REFERENCES organizations(id), filed_by uuid NOT NULL,
        agent_certificate_number text, created_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE INDEX IF NOT EXISTS organization_filings_by_filer ON organization_filings (filed_by)""",
    """CREATE INDEX IF NOT EXISTS organization_filings_by_org
        ON organization_filings (organization_id)""",
    """CREATE TABLE IF NOT EXISTS organization_access_grants (
        application_id uuid PRIMARY KEY, organization_id uuid NOT NULL REFERENCES organizations(id),
        procedure text NOT NULL, member uuid, granted_at timestamptz NOT NULL,
        expires_at timestamptz)""",
    """CREATE TABLE IF NOT EXISTS users (
        id uuid PRIMARY KEY, login_id text UNIQUE NOT NULL, email text NOT NULL,
        password_hash text NOT NULL, role text NOT NULL,
        organization_id uuid REFERENCES organizations(id),
        failed_logins int NOT NULL DEFAULT 0, locked_until timestamptz)""",
    """ALTER TABLE users ADD COLUMN IF NOT EXISTS bureau text""",
    """ALTER TABLE users ADD COLUMN IF NOT EXISTS latin_name text""",
    """ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text""",
    """ALTER TABLE users ADD COLUMN IF NOT EXISTS registered_at timestamptz""",
    """CREATE INDEX IF NOT EXISTS users_by_email ON users (lower(email))""",
    """CREATE TABLE IF NOT EXISTS sessions (
        token_hash text PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(), last_seen_at timestamptz NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id)""",
    """CREATE TABLE IF NOT EXISTS account_links (
        token_hash text PRIMARY KEY, purpose text NOT NULL, email text NOT NULL,
        user_id uuid REFERENCES users(id), created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL, used_at timestamptz)""",
    """CREATE TABLE IF NOT EXISTS procedures (
        code text PRIMARY KEY, name_ja text NOT NULL, name_en text NOT NULL,
        name_kana text NOT NULL, description_ja text NOT NULL, description_en text NOT NULL,
        contact jsonb NOT NULL, standalone boolean NOT NULL, bulk boolean NOT NULL,
        filers text[] NOT NULL, filed_with text[] NOT NULL,
        reception_start timestamptz NOT NULL, reception_end timestamptz,
        files jsonb NOT NULL DEFAULT '[]')""",
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
    """CREATE SEQUENCE IF NOT EXISTS reference_numbers""",
    """CREATE TABLE IF NOT EXISTS applications (
        id uuid PRIMARY KEY, procedure text NOT NULL, organization_id uuid,
        created_by uuid NOT NULL REFERENCES users(id), content jsonb NOT NULL,
        state text NOT NULL DEFAULT 'draft', status text, status_sequence int NOT NULL DEFAULT 0,
        reference_number text UNIQUE, reference_password_hash text,
        provisional_receipt_number text, receipt_number text, filed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE IF NOT EXISTS attachments (
        id uuid PRIMARY KEY, application_id uuid NOT NULL REFERENCES applications(id),
        kind text NOT NULL, size bigint NOT NULL, sha256 text NOT NULL, bucket text NOT NULL,
        object_key text NOT NULL, code text, message_ja text, message_en text,
        uploaded_at timestamptz NOT NULL DEFAULT now(), checked_at timestamptz)""",
    """CREATE INDEX IF NOT EXISTS attachments_by_app ON attachments (application_id)""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS parent_id uuid REFERENCES applications(id)""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS bureau text""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS bulk_id uuid""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS applicant_key text""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS cesr_number text""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS cesr_issued_at timestamptz""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS cesr_registered_at timestamptz""",
    """CREATE INDEX IF NOT EXISTS applications_by_org ON applications (organization_id, filed_at)""",
    """CREATE INDEX IF NOT EXISTS applications_by_creator ON applications (created_by, filed_at)""",
    """CREATE INDEX IF NOT EXISTS applications_by_bureau ON applications (bureau, filed_at)""",
    """CREATE INDEX IF NOT EXISTS applications_by_parent ON applications (parent_id)""",
    """CREATE INDEX IF NOT EXISTS applications_live ON applications (applicant_key, procedure)
        WHERE state = 'submitted'""",
    """CREATE TABLE IF NOT EXISTS drafts (
        id uuid PRIMARY KEY, procedure text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id), organization_id uuid,
        content jsonb NOT NULL, flagged_fields text[] NOT NULL DEFAULT '{}',
        saved_at timestamptz NOT NULL, UNIQUE (created_by, procedure))""",
    """CREATE SEQUENCE IF NOT EXISTS bulk_numbers""",
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
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS hold text""",
    """CREATE TABLE IF NOT EXISTS correction_requests (
        id uuid PRIMARY KEY, application_id uuid NOT NULL REFERENCES applications(id),
        items jsonb NOT NULL, requested_at timestamptz NOT NULL,
        answered_at timestamptz, answer jsonb)""",
    """CREATE INDEX IF NOT EXISTS correction_requests_by_app ON correction_requests (application_id, requested_at)""",
    """CREATE TABLE IF NOT EXISTS cesr_issued (
        cesr_number text PRIMARY KEY, application_id uuid NOT NULL, sha256 text NOT NULL,
        issued_at timestamptz NOT NULL, valid_until date NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS object_purges (
        attachment_id uuid PRIMARY KEY, bucket text NOT NULL, object_key text NOT NULL,
        checked boolean NOT NULL, scheduled_at timestamptz NOT NULL)""",
]


def upgrade() -> None:
    upgrade_live_schema(STATEMENTS)


def downgrade() -> None:
    refuse_downgrade_of_first_revision()
