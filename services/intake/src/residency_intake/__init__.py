"""residency_intake."""
