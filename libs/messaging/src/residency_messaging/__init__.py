"""residency_messaging."""
