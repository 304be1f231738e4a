"""intake's own tables (its database; no other service reads them), in dependency order."""

from .accounts.tables import DDL as ACCOUNTS
from .applications.corrections import DDL as CORRECTIONS
from .bulk.tables import DDL as BULK
from .catalogue.tables import DDL as CATALOGUE
from .cesr_verify import DDL as CESR
from .organizations.tables import DDL as ORGANIZATIONS
from .purge import DDL as PURGE

APPLICATIONS = [
    "CREATE SEQUENCE IF NOT EXISTS reference_numbers",
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
    "CREATE INDEX IF NOT EXISTS attachments_by_app ON attachments (application_id)",
    *[f"ALTER TABLE applications ADD COLUMN IF NOT EXISTS {c}" for c in (
        "parent_id uuid REFERENCES applications(id)", "bureau text", "bulk_id uuid",
        "applicant_key text", "cesr_number text", "cesr_issued_at timestamptz",
        "cesr_registered_at timestamptz")],
    "CREATE INDEX IF NOT EXISTS applications_by_org ON applications (organization_id, filed_at)",
    "CREATE INDEX IF NOT EXISTS applications_by_creator ON applications (created_by, filed_at)",
    "CREATE INDEX IF NOT EXISTS applications_by_bureau ON applications (bureau, filed_at)",
    "CREATE INDEX IF NOT EXISTS applications_by_parent ON applications (parent_id)",
    """CREATE INDEX IF NOT EXISTS applications_live ON applications (applicant_key, procedure)
        WHERE state = 'submitted'""",
    """CREATE TABLE IF NOT EXISTS drafts (
        id uuid PRIMARY KEY, procedure text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id), organization_id uuid,
        content jsonb NOT NULL, flagged_fields text[] NOT NULL DEFAULT '{}',
        saved_at timestamptz NOT NULL, UNIQUE (created_by, procedure))""",
]

DDL = [*ORGANIZATIONS, *ACCOUNTS, *CATALOGUE, *APPLICATIONS, *BULK, *CORRECTIONS,
       *CESR, *PURGE]
