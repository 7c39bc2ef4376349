"""``kb ingest``: a new article meets the knowledge base (passages, matching, provenance)."""
