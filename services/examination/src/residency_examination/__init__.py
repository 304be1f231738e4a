"""residency_examination."""
