"""${message}

Raw, frozen SQL: never import the service's code here (a revision must not change later).

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from alembic import op

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}

STATEMENTS: list[str] = [
    # one SQL statement a string, e.g. "ALTER TABLE t ADD COLUMN c text"
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("roll forward with a new revision instead")
