"""notify: the schema live before versioned migrations (December 2026), frozen.

Every statement is idempotent (`IF NOT EXISTS`) and in the order the service's start-up
applied them, so on a database that start-up created this revision changes nothing and only
records the version; on an empty database it creates the schema.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text,
        payload bytea NOT NULL,
        event_type text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE IF NOT EXISTS inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
    )""",
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
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first revision is not undone: restore a backup instead")
