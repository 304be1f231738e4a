"""intake: a draft keeps the simultaneous REE/ACT/WRK applications of its form.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE drafts ADD COLUMN IF NOT EXISTS simultaneous jsonb NOT NULL "
                "DEFAULT '[]'")


def downgrade() -> None:
    op.execute("ALTER TABLE drafts DROP COLUMN IF EXISTS simultaneous")
