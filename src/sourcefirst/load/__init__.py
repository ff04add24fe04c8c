"""Stage 1: read content files, validate them against the schemas, report file:line."""
