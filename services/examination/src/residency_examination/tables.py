"""examination's tables (its own database)."""

DDL = ["""
CREATE TABLE IF NOT EXISTS applications (
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
)""", *[f"ALTER TABLE applications ADD COLUMN IF NOT EXISTS {c}" for c in (
    "hold text", "receipt_method text", "cesr_number text", "provisional_to jsonb")],
    "CREATE INDEX IF NOT EXISTS applications_person ON applications (applicant_key, procedure)",
    "CREATE INDEX IF NOT EXISTS applications_unnumbered ON applications (filed_at) "
    "WHERE receipt_number IS NULL",
    """CREATE TABLE IF NOT EXISTS examination_actions (
        command_id uuid PRIMARY KEY, application_id uuid NOT NULL, action text NOT NULL,
        requested_by uuid NOT NULL, previous_status text, status text,
        accepted boolean NOT NULL, details jsonb NOT NULL, occurred_at timestamptz NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS examination_actions_by_app "
    "ON examination_actions (application_id, occurred_at)",
    # One row per correction request (返却); reminders every 7 days until answered.
    """CREATE TABLE IF NOT EXISTS corrections (
        id uuid PRIMARY KEY, application_id uuid NOT NULL REFERENCES applications(id),
        items jsonb NOT NULL, requested_at timestamptz NOT NULL,
        reminders_sent int NOT NULL DEFAULT 0, last_reminded_at timestamptz,
        answered_at timestamptz)""",
    "CREATE INDEX IF NOT EXISTS corrections_open ON corrections (requested_at) "
    "WHERE answered_at IS NULL",
]
