"""Offline leases: a seat may be leased to a window, general-admission places
may be set aside for one, and the built-in supervisor and administrator roles
may lease seats.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boxoffice.db.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_STATES = "'available', 'held', 'sold', 'blocked'"


def upgrade() -> None:
    op.create_table(
        "quota_lease",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("places >= 0", name=op.f("ck_quota_lease_places")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["show_session.id"],
            name=op.f("fk_quota_lease_session_id_show_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "terminal_id", name=op.f("pk_quota_lease")),
    )
    # Autogenerate does not compare CHECK constraints: written by hand. On
    # SQLite, batch mode copies the table with the new constraint.
    with op.batch_alter_table("session_seat", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_session_seat_state"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_session_seat_state"), sa.text(f"state IN ({_STATES}, 'leased')")
        )
    # Stores made before this revision: the built-in roles that hold every
    # action a supervisor has get the new permission, as a new store's do.
    op.execute(
        "INSERT INTO role_permission (role_id, permission) "
        "SELECT id, 'seats.lease' FROM role WHERE code IN ('supervisor', 'admin') "
        "AND NOT EXISTS (SELECT 1 FROM role_permission rp "
        "WHERE rp.role_id = role.id AND rp.permission = 'seats.lease')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM role_permission WHERE permission = 'seats.lease'")
    # A leased seat was free for everyone else: it goes back on sale.
    op.execute(
        "UPDATE session_seat SET state = 'available', terminal_id = NULL WHERE state = 'leased'"
    )
    with op.batch_alter_table("session_seat", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_session_seat_state"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_session_seat_state"), sa.text(f"state IN ({_STATES})")
        )
    op.drop_table("quota_lease")
