"""The server's own tuning (socket options)."""
