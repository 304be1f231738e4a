"""residency_web: server-rendered pages (JA/EN) for filers and examiners; a client of intake's
public HTTP API like any other, so intake stays the one place that enforces the rules."""
