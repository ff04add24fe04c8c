"""Full-text search compiled into the SQLite database (FTS5)."""
