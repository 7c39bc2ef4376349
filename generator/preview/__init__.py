"""Preview: ``kb serve`` (mkdocs serve) and the mkdocs hook that regenerates build/docs on each rebuild."""
