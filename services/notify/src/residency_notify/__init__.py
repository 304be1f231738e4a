"""residency_notify."""
