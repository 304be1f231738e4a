"""residency_devstack."""
