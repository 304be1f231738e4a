"""examination: the schema live before versioned migrations (December 2026), frozen: the
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
    """CREATE TABLE IF NOT EXISTS applications (
        id uuid PRIMARY KEY,
        procedure text NOT NULL,
        organization_id uuid,
        bureau text NOT NULL,
        reference_number text NOT NULL,
        applicant_key text NOT NULL,
        notification_emails jsonb NOT NULL,
        filed_at timestamptz NOT NULL,
        status text NOT NULL,
        sequence int NOT NULL,
        provisional_receipt_number text UNIQUE,
        receipt_number text UNIQUE,
        updated_at timestamptz NOT NULL DEFAULT now()
    )""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS hold text""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS receipt_method text""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS cesr_number text""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS provisional_to jsonb""",
    """CREATE INDEX IF NOT EXISTS applications_person ON applications (applicant_key, procedure)""",
    """CREATE INDEX IF NOT EXISTS applications_unnumbered ON applications (filed_at) WHERE receipt_number IS NULL""",
    """CREATE TABLE IF NOT EXISTS examination_actions (
        command_id uuid PRIMARY KEY, application_id uuid NOT NULL, action text NOT NULL,
        requested_by uuid NOT NULL, previous_status text, status text,
        accepted boolean NOT NULL, details jsonb NOT NULL, occurred_at timestamptz NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS examination_actions_by_app ON examination_actions (application_id, occurred_at)""",
    """CREATE TABLE IF NOT EXISTS corrections (
        id uuid PRIMARY KEY, application_id uuid NOT NULL REFERENCES applications(id),
        items jsonb NOT NULL, requested_at timestamptz NOT NULL,
        reminders_sent int NOT NULL DEFAULT 0, last_reminded_at timestamptz,
        answered_at timestamptz)""",
    """CREATE INDEX IF NOT EXISTS corrections_open ON corrections (requested_at) WHERE answered_at IS NULL""",
    """ALTER TABLE applications ADD COLUMN IF NOT EXISTS cesr_particulars jsonb""",
    """CREATE TABLE IF NOT EXISTS cesr_certificates (
        cesr_number text PRIMARY KEY, application_id uuid NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL, expires_at timestamptz NOT NULL, sha256 text NOT NULL,
        bucket text NOT NULL, object_key text NOT NULL, registered_at timestamptz,
        reminders_sent int NOT NULL DEFAULT 0)""",
    """CREATE INDEX IF NOT EXISTS cesr_unregistered ON cesr_certificates (expires_at) WHERE registered_at IS NULL""",
]


def upgrade() -> None:
    upgrade_live_schema(STATEMENTS)


def downgrade() -> None:
    refuse_downgrade_of_first_revision()
