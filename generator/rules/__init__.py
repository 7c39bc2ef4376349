"""Rules: the rule model, the rule loader, the article cleaner, the content lint, the prefilter, shared text spans."""
