"""Alembic environment of this service: the shared runner (residency_messaging.migrations)."""

from residency_messaging.migrations import run_env

run_env()
