"""Pinning a new platform release, its changelog entry, and building wheels of any pinned release."""
