"""residency_contracts."""
