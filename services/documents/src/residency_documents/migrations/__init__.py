"""documents's schema history (Alembic; run by residency_messaging.migrations)."""
