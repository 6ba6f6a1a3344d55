"""What changed between two platform releases, for a client user: operations, parameters, fields, enums."""
