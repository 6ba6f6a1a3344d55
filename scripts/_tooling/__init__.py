"""Maintainer tooling behind the commands in ``scripts/`` (not shipped in the wheel)."""
