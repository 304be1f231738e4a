"""residency-load: peak-intake load tests (Locust), chaos and the after-run verification."""
