"""Background jobs: every job that matters is a database row first; the broker message only
wakes a worker. This package holds the one way to send that message: after the commit,
and without ever failing the caller when the broker is down."""
