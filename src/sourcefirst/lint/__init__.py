"""`sourcefirst lint`: prose checked against the knowledge base and the editorial policy."""
