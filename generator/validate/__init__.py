"""Validate: the knowledge base (the validated data), per-file schema checks, whole-base checks, warnings."""
