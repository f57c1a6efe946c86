"""Background jobs: every job that matters is a database row first; the broker message only
wakes a worker. This package holds the one way to send that message, and the lease that
a claim on a row carries."""
