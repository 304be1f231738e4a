"""documents: the schema live before versioned migrations (December 2026), frozen: the
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
    """CREATE TABLE IF NOT EXISTS verdicts (
        attachment_id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        kind text NOT NULL,
        code text NOT NULL,
        sha256 text NOT NULL,
        bucket text NOT NULL,
        object_key text NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT now()
    )""",
    """ALTER TABLE verdicts ADD COLUMN IF NOT EXISTS purged_at timestamptz""",
]


def upgrade() -> None:
    upgrade_live_schema(STATEMENTS)


def downgrade() -> None:
    refuse_downgrade_of_first_revision()
