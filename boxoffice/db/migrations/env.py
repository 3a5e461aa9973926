"""Alembic environment: always handed a live connection by boxoffice.db.store."""

from __future__ import annotations

from alembic import context

from boxoffice.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
)
with context.begin_transaction():
    context.run_migrations()
