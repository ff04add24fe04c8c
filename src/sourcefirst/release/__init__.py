"""Writing a release: the SQLite database, rendered pages, figures and exports, swapped in
atomically."""
