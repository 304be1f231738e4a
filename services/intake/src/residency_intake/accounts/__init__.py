"""Accounts: registration, passwords, lockout, sessions (SPEC §2)."""
