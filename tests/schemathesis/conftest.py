"""Schemathesis property tests run against a mock tenant in process (no sockets)."""
