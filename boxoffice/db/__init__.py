"""The local store: SQLAlchemy models, the SQLite engine and Alembic migrations."""
