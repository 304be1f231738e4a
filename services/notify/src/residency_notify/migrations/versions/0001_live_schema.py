"""notify: the schema live before versioned migrations (December 2026), frozen: the
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
    """CREATE TABLE IF NOT EXISTS sent_mail (
        event_id uuid PRIMARY KEY,
        template text NOT NULL,
        recipient_hashes text[] NOT NULL,
        message_id text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
    )""",
    """ALTER TABLE sent_mail ADD COLUMN IF NOT EXISTS resent_after_crash int NOT NULL DEFAULT 0""",
    """CREATE INDEX IF NOT EXISTS sent_mail_open ON sent_mail (status) WHERE status <> 'sent'""",
]


def upgrade() -> None:
    upgrade_live_schema(STATEMENTS)


def downgrade() -> None:
    refuse_downgrade_of_first_revision()
