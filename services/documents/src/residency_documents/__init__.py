"""residency_documents."""
