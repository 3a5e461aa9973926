"""The permission to confirm logging out or disconnecting a terminal while
sales are not yet sent: given to the built-in supervisor and administrator
roles of stores made before it, as a new store's get it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO role_permission (role_id, permission) "
        "SELECT id, 'sync.override' FROM role WHERE code IN ('supervisor', 'admin') "
        "AND NOT EXISTS (SELECT 1 FROM role_permission rp "
        "WHERE rp.role_id = role.id AND rp.permission = 'sync.override')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM role_permission WHERE permission = 'sync.override'")
