"""The domain below every stage: the knowledge base, evidence levels, boundaries, rule codes
and diagnostics. Nothing here imports a later stage (release, serve)."""
