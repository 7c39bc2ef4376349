"""Rules: the rule model, the rule loader, the article cleaner, the content lint, the normal form, shared text spans."""
